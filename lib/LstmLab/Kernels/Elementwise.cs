using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LstmLab.Kernels;

/// <summary>
/// Element-by-element arithmetic of spans on the training path: dst[i] = x[i] + y[i], x[i] · y[i], x[i] · s, or
/// x[i] · y[i] + z[i] rounded once. Each element is one IEEE operation whatever the vector width, so the results are
/// TensorPrimitives' bits; these are ours because they are precompiled (ReadyToRun takes loads and stores through
/// references) where TensorPrimitives' generic vector paths are JIT-compiled on first use, 3–10 ms each, about 30 ms
/// of a fresh process's first Fit (docs/performance.md, "First calls"). dst may be x, y or z itself. As in
/// TensorPrimitives, each operation is a small operator struct with a path per vector width, run by one loop.
/// </summary>
internal static class Elementwise
{
    /// <summary>dst[i] = x[i] + y[i].</summary>
    public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) =>
        Apply(new Sum(), x, y, x, dst);

    /// <summary>dst[i] = x[i] · y[i].</summary>
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst) =>
        Apply(new Product(), x, y, x, dst);

    /// <summary>dst[i] = x[i] · scale.</summary>
    public static void Multiply(ReadOnlySpan<float> x, float scale, Span<float> dst) =>
        Apply(new Scaled(scale), x, x, x, dst);

    /// <summary>dst[i] = x[i] · y[i] + addend[i], rounded once (a fused multiply-add).</summary>
    public static void MultiplyAdd(
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> y,
        ReadOnlySpan<float> addend,
        Span<float> dst
    ) => Apply(new FusedMultiplyAdd(), x, y, addend, dst);

    // An operation of up to three operands (those it does not use are passed x again), for each vector width and one
    // element: the same IEEE operation in every lane.
    private interface IOperator
    {
        Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> z);
        Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> z);
        Vector128<float> Invoke(Vector128<float> x, Vector128<float> y, Vector128<float> z);
        float Invoke(float x, float y, float z);
    }

    // dst[i] = op(x[i], y[i], z[i]): the widest vectors first, then narrower ones, then one element at a time.
    private static void Apply<TOperator>(
        TOperator op,
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> y,
        ReadOnlySpan<float> z,
        Span<float> dst
    )
        where TOperator : struct, IOperator
    {
        Check(x, y, dst);
        Check(x, z, dst);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        ref float z0 = ref MemoryMarshal.GetReference(z);
        ref float d0 = ref MemoryMarshal.GetReference(dst);
        int n = x.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; (int)i + 16 <= n; i += 16)
                op.Invoke(
                        Vector512.LoadUnsafe(ref x0, i),
                        Vector512.LoadUnsafe(ref y0, i),
                        Vector512.LoadUnsafe(ref z0, i)
                    )
                    .StoreUnsafe(ref d0, i);
        if (Vector256.IsHardwareAccelerated)
            for (; (int)i + 8 <= n; i += 8)
                op.Invoke(
                        Vector256.LoadUnsafe(ref x0, i),
                        Vector256.LoadUnsafe(ref y0, i),
                        Vector256.LoadUnsafe(ref z0, i)
                    )
                    .StoreUnsafe(ref d0, i);
        if (Vector128.IsHardwareAccelerated)
            for (; (int)i + 4 <= n; i += 4)
                op.Invoke(
                        Vector128.LoadUnsafe(ref x0, i),
                        Vector128.LoadUnsafe(ref y0, i),
                        Vector128.LoadUnsafe(ref z0, i)
                    )
                    .StoreUnsafe(ref d0, i);
        for (int j = (int)i; j < n; j++)
            dst[j] = op.Invoke(x[j], y[j], z[j]);
    }

    // The vector loops read and write through references: every span must hold x's elements.
    private static void Check(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst)
    {
        if (y.Length != x.Length || dst.Length < x.Length)
            throw new ArgumentException(
                $"Elementwise: inputs of {x.Length} and {y.Length} elements into {dst.Length}; "
                    + "expected equal inputs and at least as many in the destination."
            );
    }

    private readonly struct Sum : IOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Invoke(
            Vector512<float> x,
            Vector512<float> y,
            Vector512<float> z
        ) => x + y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Invoke(
            Vector256<float> x,
            Vector256<float> y,
            Vector256<float> z
        ) => x + y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> Invoke(
            Vector128<float> x,
            Vector128<float> y,
            Vector128<float> z
        ) => x + y;

        public float Invoke(float x, float y, float z) => x + y;
    }

    private readonly struct Product : IOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Invoke(
            Vector512<float> x,
            Vector512<float> y,
            Vector512<float> z
        ) => x * y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Invoke(
            Vector256<float> x,
            Vector256<float> y,
            Vector256<float> z
        ) => x * y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> Invoke(
            Vector128<float> x,
            Vector128<float> y,
            Vector128<float> z
        ) => x * y;

        public float Invoke(float x, float y, float z) => x * y;
    }

    private readonly struct Scaled(float scale) : IOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Invoke(
            Vector512<float> x,
            Vector512<float> y,
            Vector512<float> z
        ) => x * scale;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Invoke(
            Vector256<float> x,
            Vector256<float> y,
            Vector256<float> z
        ) => x * scale;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> Invoke(
            Vector128<float> x,
            Vector128<float> y,
            Vector128<float> z
        ) => x * scale;

        public float Invoke(float x, float y, float z) => x * scale;
    }

    private readonly struct FusedMultiplyAdd : IOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Invoke(
            Vector512<float> x,
            Vector512<float> y,
            Vector512<float> z
        ) => Vector512.FusedMultiplyAdd(x, y, z);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Invoke(
            Vector256<float> x,
            Vector256<float> y,
            Vector256<float> z
        ) => Vector256.FusedMultiplyAdd(x, y, z);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> Invoke(
            Vector128<float> x,
            Vector128<float> y,
            Vector128<float> z
        ) => Vector128.FusedMultiplyAdd(x, y, z);

        public float Invoke(float x, float y, float z) => MathF.FusedMultiplyAdd(x, y, z);
    }
}
