using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LstmLab.Kernels;

/// <summary>
/// Element-by-element arithmetic of spans on the training path: dst[i] = x[i] + y[i], x[i] · y[i], x[i] · s, or
/// x[i] · y[i] + z[i] rounded once. Each element is one IEEE operation whatever the vector width, so the results are
/// TensorPrimitives' bits; these are ours because they are precompiled (ReadyToRun takes loads and stores through
/// references) where TensorPrimitives' generic vector paths are JIT-compiled on first use, 3–10 ms each, about 30 ms
/// of a fresh process's first Fit (docs/performance.md, "JIT left in the first epoch"). dst may be x, y or z itself.
/// </summary>
internal static class Elementwise
{
    /// <summary>dst[i] = x[i] + y[i].</summary>
    public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst)
    {
        Check(x, y, dst);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        ref float d0 = ref MemoryMarshal.GetReference(dst);
        int n = x.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; (int)i + 16 <= n; i += 16)
                (Vector512.LoadUnsafe(ref x0, i) + Vector512.LoadUnsafe(ref y0, i)).StoreUnsafe(
                    ref d0,
                    i
                );
        if (Vector256.IsHardwareAccelerated)
            for (; (int)i + 8 <= n; i += 8)
                (Vector256.LoadUnsafe(ref x0, i) + Vector256.LoadUnsafe(ref y0, i)).StoreUnsafe(
                    ref d0,
                    i
                );
        if (Vector128.IsHardwareAccelerated)
            for (; (int)i + 4 <= n; i += 4)
                (Vector128.LoadUnsafe(ref x0, i) + Vector128.LoadUnsafe(ref y0, i)).StoreUnsafe(
                    ref d0,
                    i
                );
        for (int j = (int)i; j < n; j++)
            dst[j] = x[j] + y[j];
    }

    /// <summary>dst[i] = x[i] · y[i].</summary>
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst)
    {
        Check(x, y, dst);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        ref float d0 = ref MemoryMarshal.GetReference(dst);
        int n = x.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; (int)i + 16 <= n; i += 16)
                (Vector512.LoadUnsafe(ref x0, i) * Vector512.LoadUnsafe(ref y0, i)).StoreUnsafe(
                    ref d0,
                    i
                );
        if (Vector256.IsHardwareAccelerated)
            for (; (int)i + 8 <= n; i += 8)
                (Vector256.LoadUnsafe(ref x0, i) * Vector256.LoadUnsafe(ref y0, i)).StoreUnsafe(
                    ref d0,
                    i
                );
        if (Vector128.IsHardwareAccelerated)
            for (; (int)i + 4 <= n; i += 4)
                (Vector128.LoadUnsafe(ref x0, i) * Vector128.LoadUnsafe(ref y0, i)).StoreUnsafe(
                    ref d0,
                    i
                );
        for (int j = (int)i; j < n; j++)
            dst[j] = x[j] * y[j];
    }

    /// <summary>dst[i] = x[i] · scale.</summary>
    public static void Multiply(ReadOnlySpan<float> x, float scale, Span<float> dst)
    {
        Check(x, x, dst);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float d0 = ref MemoryMarshal.GetReference(dst);
        int n = x.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; (int)i + 16 <= n; i += 16)
                (Vector512.LoadUnsafe(ref x0, i) * scale).StoreUnsafe(ref d0, i);
        if (Vector256.IsHardwareAccelerated)
            for (; (int)i + 8 <= n; i += 8)
                (Vector256.LoadUnsafe(ref x0, i) * scale).StoreUnsafe(ref d0, i);
        if (Vector128.IsHardwareAccelerated)
            for (; (int)i + 4 <= n; i += 4)
                (Vector128.LoadUnsafe(ref x0, i) * scale).StoreUnsafe(ref d0, i);
        for (int j = (int)i; j < n; j++)
            dst[j] = x[j] * scale;
    }

    /// <summary>dst[i] = x[i] · y[i] + addend[i], rounded once (a fused multiply-add).</summary>
    public static void MultiplyAdd(
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> y,
        ReadOnlySpan<float> addend,
        Span<float> dst
    )
    {
        Check(x, y, dst);
        Check(x, addend, dst);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        ref float a0 = ref MemoryMarshal.GetReference(addend);
        ref float d0 = ref MemoryMarshal.GetReference(dst);
        int n = x.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; (int)i + 16 <= n; i += 16)
                Vector512
                    .FusedMultiplyAdd(
                        Vector512.LoadUnsafe(ref x0, i),
                        Vector512.LoadUnsafe(ref y0, i),
                        Vector512.LoadUnsafe(ref a0, i)
                    )
                    .StoreUnsafe(ref d0, i);
        if (Vector256.IsHardwareAccelerated)
            for (; (int)i + 8 <= n; i += 8)
                Vector256
                    .FusedMultiplyAdd(
                        Vector256.LoadUnsafe(ref x0, i),
                        Vector256.LoadUnsafe(ref y0, i),
                        Vector256.LoadUnsafe(ref a0, i)
                    )
                    .StoreUnsafe(ref d0, i);
        if (Vector128.IsHardwareAccelerated)
            for (; (int)i + 4 <= n; i += 4)
                Vector128
                    .FusedMultiplyAdd(
                        Vector128.LoadUnsafe(ref x0, i),
                        Vector128.LoadUnsafe(ref y0, i),
                        Vector128.LoadUnsafe(ref a0, i)
                    )
                    .StoreUnsafe(ref d0, i);
        for (int j = (int)i; j < n; j++)
            dst[j] = MathF.FusedMultiplyAdd(x[j], y[j], addend[j]);
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
}
