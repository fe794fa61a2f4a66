using System.Numerics;
using System.Runtime.CompilerServices;

namespace LstmLab.Kernels;

/// <summary>
/// One Adam step over a parameter (Kingma &amp; Ba, with Keras's epsilon outside the square root), elementwise:
/// <code>
/// m = β1·m + (1 − β1)·g,   v = β2·v + (1 − β2)·g·g,   p −= α·m / (√v / √(1 − β2ᵗ) + ε)
/// </code>
/// where α = lr / (1 − β1ᵗ). Every element goes through the same float operations in the same order on every vector
/// width and in <see cref="Reference"/> (no fused multiply-add, IEEE square root and division in each lane), so the
/// bits do not depend on the CPU; a large parameter (an embedding) is split over the threads.
/// </summary>
internal static class AdamUpdate
{
    /// <summary>The coefficients of one step: β1, β2, α = lr / (1 − β1ᵗ), √(1 − β2ᵗ) and ε.</summary>
    public readonly record struct Step(
        float Beta1,
        float Beta2,
        float StepSize,
        float Correction2,
        float Epsilon
    );

    /// <summary>Elements each thread must get before a parameter is split (an update is a few ns per element).</summary>
    private const int MinElementsPerThread = 1 << 16;

    /// <summary>Updates p, m and v (all of g's length) in place.</summary>
    public static void Run(float[] p, float[] g, float[] m, float[] v, Step step)
    {
        int parts = Math.Min(Threading.Available, p.Length / MinElementsPerThread);
        if (parts <= 1)
        {
            Vectorized(p, g, m, v, step);
            return;
        }
        ParallelParts.Run(
            parts,
            part =>
            {
                // whole vectors per part, so each element takes the path it takes unsplit
                int width = Vector<float>.Count;
                int start = (int)((long)p.Length * part / parts) / width * width;
                int end =
                    part == parts - 1
                        ? p.Length
                        : (int)((long)p.Length * (part + 1) / parts) / width * width;
                Vectorized(
                    p.AsSpan(start..end),
                    g.AsSpan(start..end),
                    m.AsSpan(start..end),
                    v.AsSpan(start..end),
                    step
                );
            }
        );
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Vectorized(
        Span<float> p,
        ReadOnlySpan<float> g,
        Span<float> m,
        Span<float> v,
        Step step
    )
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var b1 = new Vector<float>(step.Beta1);
            var b2 = new Vector<float>(step.Beta2);
            var c1 = new Vector<float>(1 - step.Beta1);
            var c2 = new Vector<float>(1 - step.Beta2);
            var size = new Vector<float>(step.StepSize);
            var correction = new Vector<float>(step.Correction2);
            var eps = new Vector<float>(step.Epsilon);
            for (; i + Vector<float>.Count <= p.Length; i += Vector<float>.Count)
            {
                var gi = new Vector<float>(g[i..]);
                var mi = b1 * new Vector<float>(m[i..]) + c1 * gi;
                var vi = b2 * new Vector<float>(v[i..]) + c2 * gi * gi;
                mi.CopyTo(m[i..]);
                vi.CopyTo(v[i..]);
                (
                    new Vector<float>(p[i..])
                    - size * mi / (Vector.SquareRoot(vi) / correction + eps)
                ).CopyTo(p[i..]);
            }
        }
        Reference(p[i..], g[i..], m[i..], v[i..], step);
    }

    /// <summary>The scalar update, element by element: the bits every vector width gives.</summary>
    internal static void Reference(
        Span<float> p,
        ReadOnlySpan<float> g,
        Span<float> m,
        Span<float> v,
        Step step
    )
    {
        float b1 = step.Beta1,
            b2 = step.Beta2;
        for (int i = 0; i < p.Length; i++)
        {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            p[i] -= step.StepSize * m[i] / (MathF.Sqrt(v[i]) / step.Correction2 + step.Epsilon);
        }
    }
}
