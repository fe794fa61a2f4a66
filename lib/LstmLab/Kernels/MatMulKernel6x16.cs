using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LstmLab.Kernels;

/// <summary>
/// The AVX2 tile for CPUs without fast AVX-512: 6 rows × 16 columns of C in 12 ymm
/// accumulators; with 2 B vectors and 1 broadcast that is 15 of the 16 ymm registers.
/// </summary>
internal readonly partial struct MatMulKernel6x16 : IMatMulMicroKernel
{
    public static int Rows => 6;

    public static int Columns => 16;

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
    ) => Tile(kc, a, aStride, b, bStride, c, ldc, add, null, copy: false);

    public static bool PacksWhileRunning => true;

    /// <summary><see cref="Run"/> that also copies each depth's 6 values of A into a packed panel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void RunPacking(
        int kc,
        float* a,
        int aStride,
        float* b,
        int bStride,
        float* c,
        int ldc,
        bool add,
        float* panel
    ) => Tile(kc, a, aStride, b, bStride, c, ldc, add, panel, copy: true);

    // Run's tile, with copy (a constant at each call, so the JIT keeps only one loop) A's values into panel too.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Tile(
        int kc,
        float* a,
        int aStride,
        float* b,
        int bStride,
        float* c,
        int ldc,
        bool add,
        float* panel,
        bool copy
    )
    {
        Vector256<float> c00 = default,
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
            c51 = default;
        for (int p = 0; p < kc; p++)
        {
            if (copy)
                MatMulPacking.CopyStrip6(a, panel + 6 * p);
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> ar;
            ar = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(ar, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(ar, b1, c01);
            ar = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(ar, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(ar, b1, c11);
            ar = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(ar, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(ar, b1, c21);
            ar = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(ar, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(ar, b1, c31);
            ar = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(ar, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(ar, b1, c41);
            ar = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(ar, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(ar, b1, c51);
            a += aStride;
            b += bStride;
        }
        Write(c, c00, c01, add);
        Write(c + 1 * ldc, c10, c11, add);
        Write(c + 2 * ldc, c20, c21, add);
        Write(c + 3 * ldc, c30, c31, add);
        Write(c + 4 * ldc, c40, c41, add);
        Write(c + 5 * ldc, c50, c51, add);
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
            a5 = a + 5 * (nint)lda;
        Vector256<float> c00 = default,
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
            c51 = default;
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
            ar = Vector256.Create(a4[p]);
            c40 = Vector256.FusedMultiplyAdd(ar, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(ar, b1, c41);
            ar = Vector256.Create(a5[p]);
            c50 = Vector256.FusedMultiplyAdd(ar, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(ar, b1, c51);
            b += bStride;
        }
        Write(c, c00, c01, add);
        Write(c + 1 * ldc, c10, c11, add);
        Write(c + 2 * ldc, c20, c21, add);
        Write(c + 3 * ldc, c30, c31, add);
        Write(c + 4 * ldc, c40, c41, add);
        Write(c + 5 * ldc, c50, c51, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Write(float* c, Vector256<float> lo, Vector256<float> hi, bool add)
    {
        if (add)
        {
            lo += Vector256.Load(c);
            hi += Vector256.Load(c + 8);
        }
        lo.Store(c);
        hi.Store(c + 8);
    }
}
