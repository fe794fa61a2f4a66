using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LstmLab.Kernels;

/// <summary>
/// The last strip of up to 4 rows when a product's rows are not a multiple of 6, A read in place: a step's batch part
/// of 32 rows is 5 strips and 2 rows, of 16 or 64 rows 2 or 10 strips and 4. Run as a padded 6-row tile, computed aside
/// and merged, such a strip cost as much as a full one; here 3–4 rows take one panel at a time (8 accumulators) and 1–2
/// rows two panels (8 accumulators), which keeps both FMA units busy at 4 cycles' latency. Every element is the same
/// chain of fused multiply-adds over p from zero, then added to C, as in the full tile, so the same bits.
/// </summary>
internal readonly partial struct MatMulKernel6x16
{
    public static int EdgeRows => 4;

    /// <summary>
    /// C rows [0, rows) × columns [0, panels · 16) = [C +] A rows · B, for rows ≤ <see cref="EdgeRows"/>: row r at depth
    /// p is a[r·lda + p], panel q of B starts at b + q·panelStride and holds 16 values a depth.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void RunRowsEdge(
        int rows,
        int panels,
        int kc,
        float* a,
        int lda,
        float* b,
        int panelStride,
        float* c,
        int ldc,
        bool add
    )
    {
        int q = 0;
        if (rows <= 2)
            for (; q + 2 <= panels; q += 2)
                TwoRowsTwoPanels(
                    rows,
                    kc,
                    a,
                    lda,
                    b + (nint)q * panelStride,
                    b + (nint)(q + 1) * panelStride,
                    c + q * Columns,
                    ldc,
                    add
                );
        for (; q < panels; q++)
            FourRows(rows, kc, a, lda, b + (nint)q * panelStride, c + q * Columns, ldc, add);
    }

    // Rows 0..3 of one panel; a missing row reads row 0 again and is not stored.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void FourRows(
        int rows,
        int kc,
        float* a,
        int lda,
        float* b,
        float* c,
        int ldc,
        bool add
    )
    {
        float* a0 = a,
            a1 = rows > 1 ? a + lda : a,
            a2 = rows > 2 ? a + 2 * (nint)lda : a,
            a3 = rows > 3 ? a + 3 * (nint)lda : a;
        Vector256<float> c00 = default,
            c01 = default,
            c10 = default,
            c11 = default,
            c20 = default,
            c21 = default,
            c30 = default,
            c31 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> ar;
            ar = Vector256.Create(a0[p]);
            c00 = Vector256.FusedMultiplyAdd(ar, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(ar, b1, c01);
            ar = Vector256.Create(a1[p]);
            c10 = Vector256.FusedMultiplyAdd(ar, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(ar, b1, c11);
            ar = Vector256.Create(a2[p]);
            c20 = Vector256.FusedMultiplyAdd(ar, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(ar, b1, c21);
            ar = Vector256.Create(a3[p]);
            c30 = Vector256.FusedMultiplyAdd(ar, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(ar, b1, c31);
            b += Columns;
        }
        Write(c, c00, c01, add);
        if (rows > 1)
            Write(c + ldc, c10, c11, add);
        if (rows > 2)
            Write(c + 2 * ldc, c20, c21, add);
        if (rows > 3)
            Write(c + 3 * ldc, c30, c31, add);
    }

    // Rows 0..1 of two panels, b and d, into 32 columns of C; a missing row 1 reads row 0 again and is not stored.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void TwoRowsTwoPanels(
        int rows,
        int kc,
        float* a,
        int lda,
        float* b,
        float* d,
        float* c,
        int ldc,
        bool add
    )
    {
        float* a0 = a,
            a1 = rows > 1 ? a + lda : a;
        Vector256<float> c00 = default,
            c01 = default,
            c02 = default,
            c03 = default,
            c10 = default,
            c11 = default,
            c12 = default,
            c13 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> b2 = Vector256.Load(d);
            Vector256<float> b3 = Vector256.Load(d + 8);
            Vector256<float> ar;
            ar = Vector256.Create(a0[p]);
            c00 = Vector256.FusedMultiplyAdd(ar, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(ar, b1, c01);
            c02 = Vector256.FusedMultiplyAdd(ar, b2, c02);
            c03 = Vector256.FusedMultiplyAdd(ar, b3, c03);
            ar = Vector256.Create(a1[p]);
            c10 = Vector256.FusedMultiplyAdd(ar, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(ar, b1, c11);
            c12 = Vector256.FusedMultiplyAdd(ar, b2, c12);
            c13 = Vector256.FusedMultiplyAdd(ar, b3, c13);
            b += Columns;
            d += Columns;
        }
        Write(c, c00, c01, add);
        Write(c + Columns, c02, c03, add);
        if (rows > 1)
        {
            Write(c + ldc, c10, c11, add);
            Write(c + ldc + Columns, c12, c13, add);
        }
    }
}
