using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LstmLab.Kernels;

/// <summary>
/// The AVX-512 tile: 8 rows × 32 columns of C live in 16 zmm accumulators for the whole k loop.
/// Each k step loads two B vectors and broadcasts 8 A values: 16 FMAs per 10 loads, and
/// 16 + 2 + 1 registers in use, so the JIT keeps everything in registers (no spills).
/// </summary>
internal readonly struct MatMulKernel8x32 : IMatMulMicroKernel
{
    public static int Rows => 8;

    public static int Columns => 32;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(
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
        Vector512<float> c00 = default,
            c01 = default,
            c10 = default,
            c11 = default,
            c20 = default,
            c21 = default,
            c30 = default,
            c31 = default,
            c40 = default,
            c41 = default,
            c50 = default,
            c51 = default,
            c60 = default,
            c61 = default,
            c70 = default,
            c71 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> ar;
            ar = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(ar, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(ar, b1, c01);
            ar = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(ar, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(ar, b1, c11);
            ar = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(ar, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(ar, b1, c21);
            ar = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(ar, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(ar, b1, c31);
            ar = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(ar, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(ar, b1, c41);
            ar = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(ar, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(ar, b1, c51);
            ar = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(ar, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(ar, b1, c61);
            ar = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(ar, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(ar, b1, c71);
            a += aStride;
            b += bStride;
        }
        Write(c, c00, c01, add);
        Write(c + 1 * ldc, c10, c11, add);
        Write(c + 2 * ldc, c20, c21, add);
        Write(c + 3 * ldc, c30, c31, add);
        Write(c + 4 * ldc, c40, c41, add);
        Write(c + 5 * ldc, c50, c51, add);
        Write(c + 6 * ldc, c60, c61, add);
        Write(c + 7 * ldc, c70, c71, add);
    }

    public static int NarrowColumns => 16;

    /// <summary>An 8 × 16 tile: one vector of C per row.</summary>
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
        Vector512<float> c0 = default,
            c1 = default,
            c2 = default,
            c3 = default,
            c4 = default,
            c5 = default,
            c6 = default,
            c7 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(a[0]), b0, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(a[1]), b0, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(a[2]), b0, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(a[3]), b0, c3);
            c4 = Vector512.FusedMultiplyAdd(Vector512.Create(a[4]), b0, c4);
            c5 = Vector512.FusedMultiplyAdd(Vector512.Create(a[5]), b0, c5);
            c6 = Vector512.FusedMultiplyAdd(Vector512.Create(a[6]), b0, c6);
            c7 = Vector512.FusedMultiplyAdd(Vector512.Create(a[7]), b0, c7);
            a += aStride;
            b += bStride;
        }
        WriteOne(c, c0, add);
        WriteOne(c + 1 * ldc, c1, add);
        WriteOne(c + 2 * ldc, c2, add);
        WriteOne(c + 3 * ldc, c3, add);
        WriteOne(c + 4 * ldc, c4, add);
        WriteOne(c + 5 * ldc, c5, add);
        WriteOne(c + 6 * ldc, c6, add);
        WriteOne(c + 7 * ldc, c7, add);
    }

    public static bool ReadsRows => true;

    /// <summary><see cref="Run"/> with A read in place: tile row r at depth p is a[r·lda + p].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void RunRows(
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
            a5 = a + 5 * (nint)lda,
            a6 = a + 6 * (nint)lda,
            a7 = a + 7 * (nint)lda;
        Vector512<float> c00 = default,
            c01 = default,
            c10 = default,
            c11 = default,
            c20 = default,
            c21 = default,
            c30 = default,
            c31 = default,
            c40 = default,
            c41 = default,
            c50 = default,
            c51 = default,
            c60 = default,
            c61 = default,
            c70 = default,
            c71 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> ar;
            ar = Vector512.Create(a0[p]);
            c00 = Vector512.FusedMultiplyAdd(ar, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(ar, b1, c01);
            ar = Vector512.Create(a1[p]);
            c10 = Vector512.FusedMultiplyAdd(ar, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(ar, b1, c11);
            ar = Vector512.Create(a2[p]);
            c20 = Vector512.FusedMultiplyAdd(ar, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(ar, b1, c21);
            ar = Vector512.Create(a3[p]);
            c30 = Vector512.FusedMultiplyAdd(ar, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(ar, b1, c31);
            ar = Vector512.Create(a4[p]);
            c40 = Vector512.FusedMultiplyAdd(ar, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(ar, b1, c41);
            ar = Vector512.Create(a5[p]);
            c50 = Vector512.FusedMultiplyAdd(ar, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(ar, b1, c51);
            ar = Vector512.Create(a6[p]);
            c60 = Vector512.FusedMultiplyAdd(ar, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(ar, b1, c61);
            ar = Vector512.Create(a7[p]);
            c70 = Vector512.FusedMultiplyAdd(ar, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(ar, b1, c71);
            b += bStride;
        }
        Write(c, c00, c01, add);
        Write(c + 1 * ldc, c10, c11, add);
        Write(c + 2 * ldc, c20, c21, add);
        Write(c + 3 * ldc, c30, c31, add);
        Write(c + 4 * ldc, c40, c41, add);
        Write(c + 5 * ldc, c50, c51, add);
        Write(c + 6 * ldc, c60, c61, add);
        Write(c + 7 * ldc, c70, c71, add);
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
            a5 = a + 5 * (nint)lda,
            a6 = a + 6 * (nint)lda,
            a7 = a + 7 * (nint)lda;
        Vector512<float> c0 = default,
            c1 = default,
            c2 = default,
            c3 = default,
            c4 = default,
            c5 = default,
            c6 = default,
            c7 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(a0[p]), b0, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(a1[p]), b0, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(a2[p]), b0, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(a3[p]), b0, c3);
            c4 = Vector512.FusedMultiplyAdd(Vector512.Create(a4[p]), b0, c4);
            c5 = Vector512.FusedMultiplyAdd(Vector512.Create(a5[p]), b0, c5);
            c6 = Vector512.FusedMultiplyAdd(Vector512.Create(a6[p]), b0, c6);
            c7 = Vector512.FusedMultiplyAdd(Vector512.Create(a7[p]), b0, c7);
            b += bStride;
        }
        WriteOne(c, c0, add);
        WriteOne(c + 1 * ldc, c1, add);
        WriteOne(c + 2 * ldc, c2, add);
        WriteOne(c + 3 * ldc, c3, add);
        WriteOne(c + 4 * ldc, c4, add);
        WriteOne(c + 5 * ldc, c5, add);
        WriteOne(c + 6 * ldc, c6, add);
        WriteOne(c + 7 * ldc, c7, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void WriteOne(float* c, Vector512<float> sum, bool add)
    {
        if (add)
            sum += Vector512.Load(c);
        sum.Store(c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Write(float* c, Vector512<float> lo, Vector512<float> hi, bool add)
    {
        if (add)
        {
            lo += Vector512.Load(c);
            hi += Vector512.Load(c + 16);
        }
        lo.Store(c);
        hi.Store(c + 16);
    }
}
