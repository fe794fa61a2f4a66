using LstmLab.Kernels;

namespace LstmLab.Tests.Kernels;

/// <summary>The fused SIMD LSTM cell against the plain scalar reference, element by element.</summary>
public class LstmCellTests
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
        var pre = Random(batch * 4 * units, 8);
        var bias = Random(4 * units, 1);
        var cPrev = Random(batch * units, 3);
        var dh = Random(batch * units, 1);
        var dcNext = Random(batch * units, 1);

        var (fast, fastState) = Run(pre, bias, cPrev, dh, dcNext, batch, units, reference: false);
        var (slow, slowState) = Run(pre, bias, cPrev, dh, dcNext, batch, units, reference: true);
        for (int k = 0; k < fast.Length; k++)
            Assert.True(
                Math.Abs(fast[k] - slow[k]) <= 2e-6 * Math.Max(1, Math.Abs(slow[k])),
                $"gates[{k}]: {fast[k]} vs {slow[k]}"
            );
        for (int k = 0; k < fastState.Length; k++)
            Assert.True(
                Math.Abs(fastState[k] - slowState[k]) <= 2e-6 * Math.Max(1, Math.Abs(slowState[k])),
                $"state[{k}]: {fastState[k]} vs {slowState[k]}"
            );
    }

    [Fact]
    public void Tiny_gradients_are_flushed_to_zero_instead_of_becoming_denormal()
    {
        const int units = 16;
        var gates = Enumerable.Repeat(0.5f, 4 * units).ToArray();
        var cPrev = new float[units];
        var tanhC = new float[units];
        var dh = Enumerable.Repeat(1e-30f, units).ToArray();
        var dc = Enumerable.Repeat(1e-30f, units).ToArray();
        var dGates = new float[4 * units];
        LstmCell.Backward(gates, cPrev, tanhC, dh, dc, dGates, 1, units);
        Assert.All(dGates, v => Assert.Equal(0f, v));
        Assert.All(dc, v => Assert.Equal(0f, v));
    }

    // Returns (activated gates ++ d gates, c ++ h ++ tanh c ++ dc).
    private static (float[], float[]) Run(
        float[] pre,
        float[] bias,
        float[] cPrev,
        float[] dh,
        float[] dcNext,
        int batch,
        int units,
        bool reference
    )
    {
        var gates = (float[])pre.Clone();
        var c = new float[batch * units];
        var h = new float[batch * units];
        var tanhC = new float[batch * units];
        var dc = (float[])dcNext.Clone();
        var dGates = new float[gates.Length];
        if (reference)
        {
            LstmCellReference.Forward(gates, bias, cPrev, c, h, tanhC, batch, units);
            LstmCellReference.Backward(gates, cPrev, tanhC, dh, dc, dGates, batch, units);
        }
        else
        {
            LstmCell.Forward(gates, bias, cPrev, c, h, tanhC, batch, units);
            LstmCell.Backward(gates, cPrev, tanhC, dh, dc, dGates, batch, units);
        }
        return ([.. gates, .. dGates], [.. c, .. h, .. tanhC, .. dc]);
    }
}
