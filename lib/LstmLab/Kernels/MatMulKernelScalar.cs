using System.Runtime.CompilerServices;

namespace LstmLab.Kernels;

/// <summary>
/// The portable tile for CPUs without the SIMD of the other paths: 4 × 4 with MathF.FusedMultiplyAdd, the same
/// per-element FMA chain as the vector tiles, so its results are bit-identical to theirs.
/// </summary>
internal readonly struct MatMulKernelScalar : IMatMulMicroKernel
{
    public static int Rows => 4;

    public static int Columns => 4;

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
        float* sum = stackalloc float[16];
        new Span<float>(sum, 16).Clear();
        for (int p = 0; p < kc; p++)
        {
            for (int r = 0; r < 4; r++)
            {
                float ar = a[r];
                for (int j = 0; j < 4; j++)
                    sum[r * 4 + j] = MathF.FusedMultiplyAdd(ar, b[j], sum[r * 4 + j]);
            }
            a += aStride;
            b += bStride;
        }
        for (int r = 0; r < 4; r++)
        for (int j = 0; j < 4; j++)
            c[r * ldc + j] = add ? c[r * ldc + j] + sum[r * 4 + j] : sum[r * 4 + j];
    }
}
