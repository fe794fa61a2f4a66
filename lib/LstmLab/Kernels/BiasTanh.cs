using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LstmLab.Kernels;

/// <summary>
/// values (rows, width) = tanh(values + bias), bias (width) added to every row: the SimpleRnn step.
/// Every lane and the scalar tail use <see cref="FastMath.Tanh(float)"/>'s formula, so the result is the
/// same bits whatever the vector width (TensorPrimitives.Tanh's vector and scalar paths use different
/// approximations, which made SimpleRnn training differ between AVX2 and AVX-512 CPUs).
/// </summary>
internal static class BiasTanh
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(Span<float> values, ReadOnlySpan<float> bias)
    {
        int width = bias.Length;
        ref float b0 = ref Unsafe.AsRef(in bias[0]);
        for (int row = 0; row < values.Length; row += width)
        {
            ref float r0 = ref values[row];
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; j + 16 <= width; j += 16)
                    FastMath
                        .Tanh(
                            Vector512.LoadUnsafe(ref r0, (nuint)j)
                                + Vector512.LoadUnsafe(ref b0, (nuint)j)
                        )
                        .StoreUnsafe(ref r0, (nuint)j);
            else if (Vector256.IsHardwareAccelerated)
                for (; j + 8 <= width; j += 8)
                    FastMath
                        .Tanh(
                            Vector256.LoadUnsafe(ref r0, (nuint)j)
                                + Vector256.LoadUnsafe(ref b0, (nuint)j)
                        )
                        .StoreUnsafe(ref r0, (nuint)j);
            var tail = values.Slice(row, width);
            for (; j < width; j++)
                tail[j] = FastMath.Tanh(tail[j] + bias[j]);
        }
    }
}
