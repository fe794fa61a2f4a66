using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LstmLab.Kernels;

/// <summary>
/// A product with one column and a transposed A: c (m) = [c +] Aᵀ (m, k) · b (k) with A stored (k, m), the input-weight
/// gradient of a univariate series (F = 1: dweight_ih (4H, 1) += dGatesᵀ · x at every step). The tiled product ran a
/// 16-wide tile for it, one strip of rows at a time, and merged one of its columns. Here each element's sum runs in a
/// vector lane along m, which A's rows hold side by side: the same fused multiply-adds in increasing p from zero, in
/// the same depth blocks (<see cref="MatMulBlocked.DepthBlock"/>), each then added to c, so the same bits. Each A
/// value is used once, so one thread streams it.
/// </summary>
internal static unsafe class MatMulColumn
{
    /// <summary>Whether <paramref name="op"/> is such a product: transposed A, one column, c contiguous, B unpacked.</summary>
    public static bool Fits(in MatMulOperands op) =>
        op.TransA && op.N == 1 && op.Ldc == 1 && op.PackedB == null;

    /// <summary>Computes the product <see cref="Fits"/> accepted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in MatMulOperands op)
    {
        int kStep = MatMulBlocked.DepthBlock(op.K);
        // b's value at depth p: B is (k, 1) with row stride ldb, or (1, k) when transposed
        nint bStride = op.TransB ? 1 : op.Ldb;
        for (int pc = 0; pc < op.K; pc += kStep)
        {
            int kc = Math.Min(kStep, op.K - pc);
            bool add = op.Accumulate || pc > 0;
            float* a = op.A + (nint)pc * op.Lda;
            float* b = op.B + pc * bStride;
            int i = 0;
            if (Vector256.IsHardwareAccelerated && Fma.IsSupported)
            {
                for (; i + 32 <= op.M; i += 32)
                    Block32(kc, a + i, op.Lda, b, bStride, op.C + i, add);
                for (; i + 8 <= op.M; i += 8)
                    Block8(kc, a + i, op.Lda, b, bStride, op.C + i, add);
            }
            for (; i < op.M; i++)
            {
                float sum = 0;
                for (int p = 0; p < kc; p++)
                    sum = MathF.FusedMultiplyAdd(a[(nint)p * op.Lda + i], b[p * bStride], sum);
                op.C[i] = add ? op.C[i] + sum : sum;
            }
        }
    }

    // 32 elements of c: four independent chains of 8 lanes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block32(
        int kc,
        float* a,
        int lda,
        float* b,
        nint bStride,
        float* c,
        bool add
    )
    {
        Vector256<float> s0 = default,
            s1 = default,
            s2 = default,
            s3 = default;
        for (int p = 0; p < kc; p++)
        {
            var bp = Vector256.Create(b[p * bStride]);
            float* row = a + (nint)p * lda;
            s0 = Vector256.FusedMultiplyAdd(Vector256.Load(row), bp, s0);
            s1 = Vector256.FusedMultiplyAdd(Vector256.Load(row + 8), bp, s1);
            s2 = Vector256.FusedMultiplyAdd(Vector256.Load(row + 16), bp, s2);
            s3 = Vector256.FusedMultiplyAdd(Vector256.Load(row + 24), bp, s3);
        }
        Write(c, s0, add);
        Write(c + 8, s1, add);
        Write(c + 16, s2, add);
        Write(c + 24, s3, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block8(
        int kc,
        float* a,
        int lda,
        float* b,
        nint bStride,
        float* c,
        bool add
    )
    {
        Vector256<float> s = default;
        for (int p = 0; p < kc; p++)
            s = Vector256.FusedMultiplyAdd(
                Vector256.Load(a + (nint)p * lda),
                Vector256.Create(b[p * bStride]),
                s
            );
        Write(c, s, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write(float* c, Vector256<float> sum, bool add)
    {
        if (add)
            sum = Vector256.Load(c) + sum;
        sum.Store(c);
    }
}
