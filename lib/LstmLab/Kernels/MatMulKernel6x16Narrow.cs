using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LstmLab.Kernels;

/// <summary>
/// The 6 × 8 tile for the last columns of C when they fill at most 8 of a 16-wide panel: 4H = 200 gate columns (12
/// panels and 8), a weight gradient 50 or 1 column wide (ts50). The full tile there multiplied 8 to 15 columns of zero
/// padding and was merged through a scratch tile. The sums are the chains of the full tile, so the same bits.
/// </summary>
internal readonly partial struct MatMulKernel6x16
{
    public static int NarrowColumns => 8;

    /// <summary>A 6 × 8 tile: one vector of C per row, the first 8 of each depth's 16 values of B.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void RunNarrow(
        int kc,
        float* a,
        int aStride,
        float* b,
        int bStride,
        float* c,
        int ldc,
        bool add
    )
    {
        Vector256<float> c0 = default,
            c1 = default,
            c2 = default,
            c3 = default,
            c4 = default,
            c5 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            c0 = Vector256.FusedMultiplyAdd(Vector256.Create(a[0]), b0, c0);
            c1 = Vector256.FusedMultiplyAdd(Vector256.Create(a[1]), b0, c1);
            c2 = Vector256.FusedMultiplyAdd(Vector256.Create(a[2]), b0, c2);
            c3 = Vector256.FusedMultiplyAdd(Vector256.Create(a[3]), b0, c3);
            c4 = Vector256.FusedMultiplyAdd(Vector256.Create(a[4]), b0, c4);
            c5 = Vector256.FusedMultiplyAdd(Vector256.Create(a[5]), b0, c5);
            a += aStride;
            b += bStride;
        }
        WriteOne(c, c0, add);
        WriteOne(c + 1 * ldc, c1, add);
        WriteOne(c + 2 * ldc, c2, add);
        WriteOne(c + 3 * ldc, c3, add);
        WriteOne(c + 4 * ldc, c4, add);
        WriteOne(c + 5 * ldc, c5, add);
    }

    /// <summary><see cref="RunNarrow"/> with A read in place: tile row r at depth p is a[r·lda + p].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void RunRowsNarrow(
        int kc,
        float* a,
        int lda,
        float* b,
        int bStride,
        float* c,
        int ldc,
        bool add
    )
    {
        float* a0 = a,
            a1 = a + lda,
            a2 = a + 2 * (nint)lda,
            a3 = a + 3 * (nint)lda,
            a4 = a + 4 * (nint)lda,
            a5 = a + 5 * (nint)lda;
        Vector256<float> c0 = default,
            c1 = default,
            c2 = default,
            c3 = default,
            c4 = default,
            c5 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            c0 = Vector256.FusedMultiplyAdd(Vector256.Create(a0[p]), b0, c0);
            c1 = Vector256.FusedMultiplyAdd(Vector256.Create(a1[p]), b0, c1);
            c2 = Vector256.FusedMultiplyAdd(Vector256.Create(a2[p]), b0, c2);
            c3 = Vector256.FusedMultiplyAdd(Vector256.Create(a3[p]), b0, c3);
            c4 = Vector256.FusedMultiplyAdd(Vector256.Create(a4[p]), b0, c4);
            c5 = Vector256.FusedMultiplyAdd(Vector256.Create(a5[p]), b0, c5);
            b += bStride;
        }
        WriteOne(c, c0, add);
        WriteOne(c + 1 * ldc, c1, add);
        WriteOne(c + 2 * ldc, c2, add);
        WriteOne(c + 3 * ldc, c3, add);
        WriteOne(c + 4 * ldc, c4, add);
        WriteOne(c + 5 * ldc, c5, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void WriteOne(float* c, Vector256<float> sum, bool add)
    {
        if (add)
            sum += Vector256.Load(c);
        sum.Store(c);
    }
}
