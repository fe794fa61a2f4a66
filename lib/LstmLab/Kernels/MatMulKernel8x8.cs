using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LstmLab.Kernels;

/// <summary>
/// The 128-bit tile for Arm64 (NEON): 8 rows × 8 columns of C in 16 q-register accumulators;
/// with 2 B vectors and 1 broadcast that is 19 of the 32 NEON registers.
/// </summary>
internal readonly struct MatMulKernel8x8 : IMatMulMicroKernel
{
    public static int Rows => 8;

    public static int Columns => 8;

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
        Vector128<float> c00 = default,
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
            Vector128<float> b0 = Vector128.Load(b);
            Vector128<float> b1 = Vector128.Load(b + 4);
            Vector128<float> ar;
            ar = Vector128.Create(a[0]);
            c00 = Vector128.FusedMultiplyAdd(ar, b0, c00);
            c01 = Vector128.FusedMultiplyAdd(ar, b1, c01);
            ar = Vector128.Create(a[1]);
            c10 = Vector128.FusedMultiplyAdd(ar, b0, c10);
            c11 = Vector128.FusedMultiplyAdd(ar, b1, c11);
            ar = Vector128.Create(a[2]);
            c20 = Vector128.FusedMultiplyAdd(ar, b0, c20);
            c21 = Vector128.FusedMultiplyAdd(ar, b1, c21);
            ar = Vector128.Create(a[3]);
            c30 = Vector128.FusedMultiplyAdd(ar, b0, c30);
            c31 = Vector128.FusedMultiplyAdd(ar, b1, c31);
            ar = Vector128.Create(a[4]);
            c40 = Vector128.FusedMultiplyAdd(ar, b0, c40);
            c41 = Vector128.FusedMultiplyAdd(ar, b1, c41);
            ar = Vector128.Create(a[5]);
            c50 = Vector128.FusedMultiplyAdd(ar, b0, c50);
            c51 = Vector128.FusedMultiplyAdd(ar, b1, c51);
            ar = Vector128.Create(a[6]);
            c60 = Vector128.FusedMultiplyAdd(ar, b0, c60);
            c61 = Vector128.FusedMultiplyAdd(ar, b1, c61);
            ar = Vector128.Create(a[7]);
            c70 = Vector128.FusedMultiplyAdd(ar, b0, c70);
            c71 = Vector128.FusedMultiplyAdd(ar, b1, c71);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Write(float* c, Vector128<float> lo, Vector128<float> hi, bool add)
    {
        if (add)
        {
            lo += Vector128.Load(c);
            hi += Vector128.Load(c + 4);
        }
        lo.Store(c);
        hi.Store(c + 4);
    }
}
