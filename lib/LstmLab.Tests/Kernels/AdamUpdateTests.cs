using LstmLab.Kernels;

namespace LstmLab.Tests.Kernels;

/// <summary>The vectorized (and, for large parameters, split) Adam step against its scalar reference, bit for bit.</summary>
public class AdamUpdateTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(1000)]
    [InlineData(300_001)] // split over the threads, with a tail
    public void The_update_gives_the_bits_of_the_scalar_reference(int length)
    {
        var random = new Random(length);
        float[] Values(double scale) =>
            [
                .. Enumerable
                    .Range(0, length)
                    .Select(_ => (float)((random.NextDouble() - 0.5) * scale)),
            ];
        var (p, g, m) = (Values(2), Values(0.1), Values(0.01));
        var v = Values(0.001).Select(Math.Abs).ToArray();
        var (p2, m2, v2) = (p.ToArray(), m.ToArray(), v.ToArray());
        var step = new AdamUpdate.Step(
            0.9f,
            0.999f,
            0.001f / 0.19f,
            MathF.Sqrt(1 - 0.998001f),
            1e-7f
        );

        for (int t = 0; t < 3; t++)
        {
            AdamUpdate.Run(p, g, m, v, step);
            AdamUpdate.Reference(p2, g, m2, v2, step);
        }

        Assert.Equal(p2, p);
        Assert.Equal(m2, m);
        Assert.Equal(v2, v);
    }
}
