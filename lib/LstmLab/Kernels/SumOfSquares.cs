using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LstmLab.Kernels;

/// <summary>
/// Σ x² of a span in double precision, added in an order fixed by the length alone, so the result is the
/// same bits on every CPU: element i goes to lane i mod 16, each lane adds its elements in increasing i,
/// and the 16 lanes are then added pairwise (lane j + lane j+8, then j + j+4, j + j+2, j + j+1).
/// The Vector512, Vector256 and Vector128 paths hold the same 16 lanes in 2, 4 or 8 registers of doubles;
/// <see cref="Reference"/> holds them in an array. A float's square is exact in double, so x·x + lane
/// rounds once, as a fused multiply-add would. (TensorPrimitives' sums add in an order that depends on
/// the vector width, which made clipped training differ between AVX2 and AVX-512 CPUs.)
/// </summary>
internal static class SumOfSquares
{
    /// <summary>The number of partial sums; one Vector512 of floats.</summary>
    public const int Lanes = 16;

    /// <summary>Σ x² over <paramref name="values"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Of(ReadOnlySpan<float> values)
    {
        Span<double> lanes = stackalloc double[Lanes];
        int i =
            Vector512.IsHardwareAccelerated ? Blocks512(values, lanes)
            : Vector256.IsHardwareAccelerated ? Blocks256(values, lanes)
            : Vector128.IsHardwareAccelerated ? Blocks128(values, lanes)
            : 0;
        return Finish(values, i, lanes);
    }

    /// <summary>The plain version: the same lanes and order, one element at a time.</summary>
    public static double Reference(ReadOnlySpan<float> values)
    {
        Span<double> lanes = stackalloc double[Lanes];
        return Finish(values, 0, lanes);
    }

    // Adds elements [start, end) to their lanes one at a time, then combines the lanes pairwise.
    private static double Finish(ReadOnlySpan<float> values, int start, Span<double> lanes)
    {
        for (int i = start; i < values.Length; i++)
        {
            double x = values[i];
            lanes[i % Lanes] += x * x;
        }
        for (int half = Lanes / 2; half >= 1; half /= 2)
        for (int j = 0; j < half; j++)
            lanes[j] += lanes[j + half];
        return lanes[0];
    }

    // Whole blocks of 16: lanes 0–7 and 8–15 in two registers. Returns the first element not added.
    private static int Blocks512(ReadOnlySpan<float> values, Span<double> lanes)
    {
        var low = Vector512<double>.Zero;
        var high = Vector512<double>.Zero;
        int i = 0;
        for (; i + Lanes <= values.Length; i += Lanes)
        {
            var v = Vector512.Create(values.Slice(i, Lanes));
            var l = Vector512.WidenLower(v);
            var h = Vector512.WidenUpper(v);
            low += l * l;
            high += h * h;
        }
        ref double l0 = ref MemoryMarshal.GetReference(lanes);
        low.StoreUnsafe(ref l0);
        high.StoreUnsafe(ref l0, 8);
        return i;
    }

    // Whole blocks of 16 as two Vector256 of floats: lanes 0–3, 4–7, 8–11, 12–15 in four registers.
    private static int Blocks256(ReadOnlySpan<float> values, Span<double> lanes)
    {
        var s0 = Vector256<double>.Zero;
        var s1 = Vector256<double>.Zero;
        var s2 = Vector256<double>.Zero;
        var s3 = Vector256<double>.Zero;
        int i = 0;
        for (; i + Lanes <= values.Length; i += Lanes)
        {
            var a = Vector256.Create(values.Slice(i, 8));
            var b = Vector256.Create(values.Slice(i + 8, 8));
            var a0 = Vector256.WidenLower(a);
            var a1 = Vector256.WidenUpper(a);
            var b0 = Vector256.WidenLower(b);
            var b1 = Vector256.WidenUpper(b);
            s0 += a0 * a0;
            s1 += a1 * a1;
            s2 += b0 * b0;
            s3 += b1 * b1;
        }
        ref double l0 = ref MemoryMarshal.GetReference(lanes);
        s0.StoreUnsafe(ref l0);
        s1.StoreUnsafe(ref l0, 4);
        s2.StoreUnsafe(ref l0, 8);
        s3.StoreUnsafe(ref l0, 12);
        return i;
    }

    // Whole blocks of 16 as four Vector128 of floats: eight registers of two lanes each.
    private static int Blocks128(ReadOnlySpan<float> values, Span<double> lanes)
    {
        Span<Vector128<double>> sums = stackalloc Vector128<double>[Lanes / 2];
        sums.Clear();
        int i = 0;
        for (; i + Lanes <= values.Length; i += Lanes)
        for (int q = 0; q < 4; q++)
        {
            var v = Vector128.Create(values.Slice(i + 4 * q, 4));
            var l = Vector128.WidenLower(v);
            var h = Vector128.WidenUpper(v);
            sums[2 * q] += l * l;
            sums[2 * q + 1] += h * h;
        }
        ref double l0 = ref MemoryMarshal.GetReference(lanes);
        for (int r = 0; r < sums.Length; r++)
            sums[r].StoreUnsafe(ref l0, (nuint)(2 * r));
        return i;
    }
}
