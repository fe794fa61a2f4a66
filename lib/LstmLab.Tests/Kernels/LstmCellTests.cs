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

    [Theory]
    [InlineData(50, 56)] // 6 blocks of 8 and 2 units after them, against 7 whole blocks
    [InlineData(13, 16)]
    [InlineData(9, 16)]
    [InlineData(33, 48)]
    [InlineData(7, 8)] // below one block: the scalar formulas
    public void A_unit_gets_the_same_bits_after_the_last_whole_block_as_inside_one(
        int units,
        int wider
    )
    {
        // the same values for units 0..units-1 in a row of `units` and in a row of `wider` units (whole 8-lane blocks)
        const int batch = 3;
        var random = new Random(units);
        float Next(float scale) => (float)(random.NextDouble() * 2 - 1) * scale;
        var pre = new float[batch * 4 * wider];
        var bias = new float[4 * wider];
        var cPrev = new float[batch * wider];
        var dh = new float[batch * wider];
        var dcNext = new float[batch * wider];
        for (int k = 0; k < pre.Length; k++)
            pre[k] = Next(8);
        for (int k = 0; k < bias.Length; k++)
            bias[k] = Next(1);
        for (int k = 0; k < cPrev.Length; k++)
            (cPrev[k], dh[k], dcNext[k]) = (Next(3), Next(1), Next(1));
        // a row of 4 gates of n units from the wide one's first n units of each gate
        float[] Narrow(float[] wide, int rows, int gates) =>
            [
                .. Enumerable
                    .Range(0, rows * gates)
                    .SelectMany(r => wide.AsSpan(r * wider, units).ToArray()),
            ];
        var (gatesN, stateN) = Run(
            Narrow(pre, batch, 4),
            Narrow(bias, 1, 4),
            Narrow(cPrev, batch, 1),
            Narrow(dh, batch, 1),
            Narrow(dcNext, batch, 1),
            batch,
            units,
            reference: false
        );
        var (gatesW, stateW) = Run(pre, bias, cPrev, dh, dcNext, batch, wider, reference: false);
        // gates ++ dGates are 2·batch rows of 4 gates; c, h, tanh c, dc are 4·batch rows
        Assert.Equal(Narrow(gatesW, 2 * batch, 4), gatesN);
        Assert.Equal(Narrow(stateW, 4 * batch, 1), stateN);
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
