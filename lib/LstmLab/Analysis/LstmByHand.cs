using LstmLab.Layers;

namespace LstmLab.Analysis;

/// <summary>The values of one LSTM step for one sample, each of H units.</summary>
/// <param name="InputGate">i = σ(W_ii x + b_ii + W_hi h + b_hi)</param>
/// <param name="ForgetGate">f = σ(W_if x + b_if + W_hf h + b_hf)</param>
/// <param name="Candidate">g = tanh(W_ig x + b_ig + W_hg h + b_hg)</param>
/// <param name="OutputGate">o = σ(W_io x + b_io + W_ho h + b_ho)</param>
/// <param name="Cell">c' = f ⊙ c + i ⊙ g</param>
/// <param name="Hidden">h' = o ⊙ tanh(c')</param>
public sealed record LstmStep(
    float[] InputGate,
    float[] ForgetGate,
    float[] Candidate,
    float[] OutputGate,
    float[] Cell,
    float[] Hidden
);

/// <summary>
/// One LSTM step written out with plain loops, one line per equation, from a layer's own weights:
/// the clear path to compare with what the layer's fused kernel computes (read through <see cref="Lstm.Trace"/>).
/// </summary>
public static class LstmByHand
{
    /// <summary>
    /// The gates and new states of <paramref name="layer"/> (built) for input x (F), previous hidden state
    /// h (H) and previous cell state c (H), in double precision.
    /// </summary>
    public static LstmStep Step(
        Lstm layer,
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> h,
        ReadOnlySpan<float> c
    )
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (!layer.IsBuilt)
            throw new InvalidOperationException(
                $"Lstm layer '{layer.Name}' is not built yet: add it to a model and build it first."
            );
        int units = layer.Units,
            features = layer.InputShape[1];
        if (x.Length != features || h.Length != units || c.Length != units)
            throw new ArgumentException(
                $"Lstm layer '{layer.Name}' expects x ({features}), h ({units}) and c ({units}); "
                    + $"got x ({x.Length}), h ({h.Length}) and c ({c.Length})."
            );
        var weightIh = Weights(layer, "weight_ih_l0"); // (4H, F)
        var weightHh = Weights(layer, "weight_hh_l0"); // (4H, H)
        var biasIh = Weights(layer, "bias_ih_l0"); // (4H)
        var biasHh = Weights(layer, "bias_hh_l0"); // (4H)

        // z (4H) = W_ih x + b_ih + W_hh h + b_hh, rows in the order i, f, g, o
        var z = new double[4 * units];
        for (int row = 0; row < 4 * units; row++)
        {
            double sum = biasIh[row] + biasHh[row];
            for (int k = 0; k < features; k++)
                sum += weightIh[row * features + k] * (double)x[k];
            for (int k = 0; k < units; k++)
                sum += weightHh[row * units + k] * (double)h[k];
            z[row] = sum;
        }

        var step = new LstmStep(
            new float[units],
            new float[units],
            new float[units],
            new float[units],
            new float[units],
            new float[units]
        );
        for (int j = 0; j < units; j++)
        {
            double i = Sigmoid(z[j]);
            double f = Sigmoid(z[units + j]);
            double g = Math.Tanh(z[2 * units + j]);
            double o = Sigmoid(z[3 * units + j]);
            double cell = f * c[j] + i * g;
            step.InputGate[j] = (float)i;
            step.ForgetGate[j] = (float)f;
            step.Candidate[j] = (float)g;
            step.OutputGate[j] = (float)o;
            step.Cell[j] = (float)cell;
            step.Hidden[j] = (float)(o * Math.Tanh(cell));
        }
        return step;
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static float[] Weights(Lstm layer, string name) =>
        layer.Parameters.First(p => p.LocalName == name).Value.Data;
}
