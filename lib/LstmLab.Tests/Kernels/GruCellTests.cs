using LstmLab.Kernels;

namespace LstmLab.Tests.Kernels;

/// <summary>The fused SIMD GRU cell against the plain scalar reference, element by element.</summary>
public class GruCellTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(2, 16)]
    [InlineData(5, 33)]
    [InlineData(4, 50)]
    [InlineData(2, 128)]
    public void Fused_cell_matches_the_scalar_reference(int batch, int units)
    {
        var random = new Random(units);
        float[] Random(int n, float scale) =>
            [.. Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale)];
        var pre = Random(batch * 3 * units, 8);
        var recurrent = Random(batch * 3 * units, 4);
        var biasIh = Random(3 * units, 1);
        var biasHh = Random(3 * units, 1);
        var hPrev = Random(batch * units, 1);
        var dh = Random(batch * units, 1);

        var fast = Run(pre, recurrent, biasIh, biasHh, hPrev, dh, batch, units, reference: false);
        var slow = Run(pre, recurrent, biasIh, biasHh, hPrev, dh, batch, units, reference: true);
        Assert.Equal(slow.Length, fast.Length);
        for (int k = 0; k < fast.Length; k++)
            Assert.True(
                Math.Abs(fast[k] - slow[k]) <= 2e-6 * Math.Max(1, Math.Abs(slow[k])),
                $"value {k}: {fast[k]} vs {slow[k]}"
            );
    }

    [Fact]
    public void Tiny_gradients_are_flushed_to_zero_instead_of_becoming_denormal()
    {
        const int units = 16;
        var gates = Enumerable.Repeat(0.5f, 3 * units).ToArray();
        var hn = Enumerable.Repeat(0.5f, units).ToArray();
        var hPrev = Enumerable.Repeat(1f, units).ToArray();
        var dh = Enumerable.Repeat(1e-30f, units).ToArray();
        var dInput = new float[3 * units];
        var dRecurrent = new float[3 * units];
        var dhPrev = Enumerable.Repeat(1f, units).ToArray();
        GruCell.Backward(gates, hn, hPrev, dh, dInput, dRecurrent, dhPrev, 1, units);
        Assert.All(dInput, v => Assert.Equal(0f, v));
        Assert.All(dRecurrent, v => Assert.Equal(0f, v));
        Assert.All(dhPrev, v => Assert.Equal(0f, v));
    }

    // Returns activated gates ++ hn ++ h ++ dInput ++ dRecurrent ++ dhPrev.
    private static float[] Run(
        float[] pre,
        float[] recurrent,
        float[] biasIh,
        float[] biasHh,
        float[] hPrev,
        float[] dh,
        int batch,
        int units,
        bool reference
    )
    {
        var gates = (float[])pre.Clone();
        var hn = new float[batch * units];
        var h = new float[batch * units];
        var dInput = new float[gates.Length];
        var dRecurrent = new float[gates.Length];
        var dhPrev = new float[batch * units];
        if (reference)
        {
            GruCellReference.Forward(gates, recurrent, biasIh, biasHh, hPrev, hn, h, batch, units);
            GruCellReference.Backward(
                gates,
                hn,
                hPrev,
                dh,
                dInput,
                dRecurrent,
                dhPrev,
                batch,
                units
            );
        }
        else
        {
            GruCell.Forward(gates, recurrent, biasIh, biasHh, hPrev, hn, h, batch, units);
            GruCell.Backward(gates, hn, hPrev, dh, dInput, dRecurrent, dhPrev, batch, units);
        }
        return [.. gates, .. hn, .. h, .. dInput, .. dRecurrent, .. dhPrev];
    }
}
