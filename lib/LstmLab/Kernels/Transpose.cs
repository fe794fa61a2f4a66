using System.Runtime.CompilerServices;

namespace LstmLab.Kernels;

/// <summary>Reorders batch-major sequences (B, T, F) into time-major (T, B, F) and back.</summary>
internal static class Transpose
{
    /// <summary>dst (n1, n0, inner) = src (n0, n1, inner) with the first two axes swapped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SwapLeadingAxes(
        ReadOnlySpan<float> src,
        Span<float> dst,
        int n0,
        int n1,
        int inner
    )
    {
        for (int i = 0; i < n0; i++)
        for (int j = 0; j < n1; j++)
            src.Slice((i * n1 + j) * inner, inner).CopyTo(dst.Slice((j * n0 + i) * inner, inner));
    }
}
