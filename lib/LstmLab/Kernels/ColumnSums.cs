using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LstmLab.Kernels;

/// <summary>
/// sums (width) += Σ over rows of a (rows, width): the bias gradient of a layer from its pre-activation
/// gradients. One pass over a, with a block of 64 columns held in four vector accumulators.
/// </summary>
internal static class ColumnSums
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Accumulate(ReadOnlySpan<float> a, int rows, int width, Span<float> sums)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; j + 64 <= width; j += 64)
            {
                var s0 = Vector512<float>.Zero;
                var s1 = Vector512<float>.Zero;
                var s2 = Vector512<float>.Zero;
                var s3 = Vector512<float>.Zero;
                for (int r = 0; r < rows; r++)
                {
                    var row = a.Slice(r * width + j, 64);
                    s0 += Vector512.Create(row[..16]);
                    s1 += Vector512.Create(row.Slice(16, 16));
                    s2 += Vector512.Create(row.Slice(32, 16));
                    s3 += Vector512.Create(row.Slice(48, 16));
                }
                var target = sums.Slice(j, 64);
                (Vector512.Create(target[..16]) + s0).CopyTo(target[..16]);
                (Vector512.Create(target.Slice(16, 16)) + s1).CopyTo(target.Slice(16, 16));
                (Vector512.Create(target.Slice(32, 16)) + s2).CopyTo(target.Slice(32, 16));
                (Vector512.Create(target.Slice(48, 16)) + s3).CopyTo(target.Slice(48, 16));
            }
        for (; j < width; j++)
        {
            float sum = 0;
            for (int r = 0; r < rows; r++)
                sum += a[r * width + j];
            sums[j] += sum;
        }
    }
}
