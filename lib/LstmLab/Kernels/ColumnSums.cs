using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LstmLab.Kernels;

/// <summary>
/// sums (width) += Σ over rows of a (rows, width): the bias gradient of a layer from its pre-activation
/// gradients. Each column is summed from zero in increasing row, then added to its sum, so every path (a block of
/// columns held in four Vector512, four Vector256 or single vectors, and <see cref="Reference"/>) gives the same
/// bits. Loads go through a reference, which ReadyToRun precompiles.
/// </summary>
internal static class ColumnSums
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Accumulate(ReadOnlySpan<float> a, int rows, int width, Span<float> sums)
    {
        if (a.Length < (long)rows * width || sums.Length < width)
            throw new ArgumentException(
                $"ColumnSums: a holds {a.Length} of ({rows}, {width}), sums {sums.Length} of {width}."
            );
        ref float a0 = ref MemoryMarshal.GetReference(a);
        ref float s0 = ref MemoryMarshal.GetReference(sums);
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; j + 64 <= width; j += 64)
                Block512(ref a0, rows, width, j, ref s0);
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 32 <= width; j += 32)
                Block256(ref a0, rows, width, j, ref s0);
            for (; j + 8 <= width; j += 8)
            {
                var sum = Vector256<float>.Zero;
                for (int r = 0; r < rows; r++)
                    sum += Vector256.LoadUnsafe(ref a0, (nuint)((nint)r * width + j));
                (Vector256.LoadUnsafe(ref s0, (nuint)j) + sum).StoreUnsafe(ref s0, (nuint)j);
            }
        }
        if (Vector128.IsHardwareAccelerated)
            for (; j + 4 <= width; j += 4)
            {
                var sum = Vector128<float>.Zero;
                for (int r = 0; r < rows; r++)
                    sum += Vector128.LoadUnsafe(ref a0, (nuint)((nint)r * width + j));
                (Vector128.LoadUnsafe(ref s0, (nuint)j) + sum).StoreUnsafe(ref s0, (nuint)j);
            }
        Columns(a, rows, width, j, sums);
    }

    /// <summary>The plain version: each column in turn, the same additions in the same order.</summary>
    public static void Reference(ReadOnlySpan<float> a, int rows, int width, Span<float> sums) =>
        Columns(a, rows, width, 0, sums);

    private static void Columns(
        ReadOnlySpan<float> a,
        int rows,
        int width,
        int start,
        Span<float> sums
    )
    {
        for (int j = start; j < width; j++)
        {
            float sum = 0;
            for (int r = 0; r < rows; r++)
                sum += a[r * width + j];
            sums[j] += sum;
        }
    }

    // Columns [j, j + 64) in four accumulators.
    private static void Block512(ref float a0, int rows, int width, int j, ref float s0)
    {
        var c0 = Vector512<float>.Zero;
        var c1 = Vector512<float>.Zero;
        var c2 = Vector512<float>.Zero;
        var c3 = Vector512<float>.Zero;
        for (int r = 0; r < rows; r++)
        {
            ref float row = ref Unsafe.Add(ref a0, (nint)r * width + j);
            c0 += Vector512.LoadUnsafe(ref row);
            c1 += Vector512.LoadUnsafe(ref row, 16);
            c2 += Vector512.LoadUnsafe(ref row, 32);
            c3 += Vector512.LoadUnsafe(ref row, 48);
        }
        ref float s = ref Unsafe.Add(ref s0, j);
        (Vector512.LoadUnsafe(ref s) + c0).StoreUnsafe(ref s);
        (Vector512.LoadUnsafe(ref s, 16) + c1).StoreUnsafe(ref s, 16);
        (Vector512.LoadUnsafe(ref s, 32) + c2).StoreUnsafe(ref s, 32);
        (Vector512.LoadUnsafe(ref s, 48) + c3).StoreUnsafe(ref s, 48);
    }

    // Columns [j, j + 32) in four accumulators.
    private static void Block256(ref float a0, int rows, int width, int j, ref float s0)
    {
        var c0 = Vector256<float>.Zero;
        var c1 = Vector256<float>.Zero;
        var c2 = Vector256<float>.Zero;
        var c3 = Vector256<float>.Zero;
        for (int r = 0; r < rows; r++)
        {
            ref float row = ref Unsafe.Add(ref a0, (nint)r * width + j);
            c0 += Vector256.LoadUnsafe(ref row);
            c1 += Vector256.LoadUnsafe(ref row, 8);
            c2 += Vector256.LoadUnsafe(ref row, 16);
            c3 += Vector256.LoadUnsafe(ref row, 24);
        }
        ref float s = ref Unsafe.Add(ref s0, j);
        (Vector256.LoadUnsafe(ref s) + c0).StoreUnsafe(ref s);
        (Vector256.LoadUnsafe(ref s, 8) + c1).StoreUnsafe(ref s, 8);
        (Vector256.LoadUnsafe(ref s, 16) + c2).StoreUnsafe(ref s, 16);
        (Vector256.LoadUnsafe(ref s, 24) + c3).StoreUnsafe(ref s, 24);
    }
}
