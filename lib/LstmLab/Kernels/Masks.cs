using System.Runtime.CompilerServices;

namespace LstmLab.Kernels;

/// <summary>Dropout masks and their use: each entry is 0 (dropped) or 1 / (1 - rate) (kept).</summary>
internal static class Masks
{
    /// <summary>Fills <paramref name="mask"/> with 0 with probability <paramref name="rate"/>, else 1 / (1 - rate).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill(Span<float> mask, double rate, Random random)
    {
        float keep = (float)(1 / (1 - rate));
        for (int i = 0; i < mask.Length; i++)
            mask[i] = random.NextDouble() < rate ? 0 : keep;
    }

    /// <summary>dst (R, B, W) = src (R, B, W) ⊙ mask (B, W), the same mask for each of the R blocks.</summary>
    public static void Apply(ReadOnlySpan<float> src, ReadOnlySpan<float> mask, Span<float> dst)
    {
        for (int r = 0; r < src.Length; r += mask.Length)
            Elementwise.Multiply(src.Slice(r, mask.Length), mask, dst.Slice(r, mask.Length));
    }

    /// <summary>dst (R, B, W) += src (R, B, W) ⊙ mask (B, W).</summary>
    public static void MultiplyAdd(
        ReadOnlySpan<float> src,
        ReadOnlySpan<float> mask,
        Span<float> dst
    )
    {
        for (int r = 0; r < src.Length; r += mask.Length)
            Elementwise.MultiplyAdd(
                src.Slice(r, mask.Length),
                mask,
                dst.Slice(r, mask.Length),
                dst.Slice(r, mask.Length)
            );
    }
}
