namespace LstmLab.Text;

/// <summary>
/// Drawing the next token from a model's softmax output, as in min-char-rnn and Graves (2013):
/// with a temperature, and optionally only among the k most likely tokens.
/// </summary>
public static class Sampling
{
    /// <summary>
    /// The distribution at <paramref name="temperature"/> τ: p_i^(1/τ) / Σ_j p_j^(1/τ), which equals
    /// softmax(logits / τ). τ &lt; 1 sharpens it (safer, more repetitive text), τ &gt; 1 flattens it;
    /// τ = 0 puts all the mass on the most likely token (greedy decoding).
    /// </summary>
    public static float[] Reweight(ReadOnlySpan<float> probabilities, double temperature)
    {
        Check(probabilities, temperature);
        var result = new float[probabilities.Length];
        if (temperature == 0)
        {
            result[ArgMax(probabilities)] = 1;
            return result;
        }
        // Work with log p so that small probabilities raised to a large power 1/τ do not underflow.
        double max = double.NegativeInfinity;
        var logits = new double[probabilities.Length];
        for (int i = 0; i < logits.Length; i++)
        {
            logits[i] =
                probabilities[i] > 0
                    ? Math.Log(probabilities[i]) / temperature
                    : double.NegativeInfinity;
            max = Math.Max(max, logits[i]);
        }
        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
            sum += logits[i] = Math.Exp(logits[i] - max);
        for (int i = 0; i < logits.Length; i++)
            result[i] = (float)(logits[i] / sum);
        return result;
    }

    /// <summary>
    /// Draws a token id from <paramref name="probabilities"/> reweighted at <paramref name="temperature"/>;
    /// with <paramref name="topK"/> &gt; 0 only the k most likely tokens can be drawn (their probabilities renormalized).
    /// </summary>
    public static int Draw(
        ReadOnlySpan<float> probabilities,
        Random random,
        double temperature = 1,
        int topK = 0
    )
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(topK);
        var weights = Reweight(probabilities, temperature);
        if (topK > 0 && topK < weights.Length)
        {
            var kept = TopK.Of(weights, topK);
            Array.Clear(weights);
            foreach (var (id, p) in kept)
                weights[id] = p;
        }
        double total = 0;
        foreach (float w in weights)
            total += w;
        double u = random.NextDouble() * total;
        int last = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            if (weights[i] <= 0)
                continue;
            last = i;
            u -= weights[i];
            if (u < 0)
                return i;
        }
        // Rounding can leave u a hair above zero after the last token: that token is the draw.
        return last;
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] > values[best])
                best = i;
        return best;
    }

    private static void Check(ReadOnlySpan<float> probabilities, double temperature)
    {
        if (probabilities.IsEmpty)
            throw new ArgumentException("Sampling needs at least one probability.");
        if (!(temperature >= 0) || double.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(
                nameof(temperature),
                $"The temperature must be a finite number ≥ 0, got {temperature}."
            );
        for (int i = 0; i < probabilities.Length; i++)
            if (!(probabilities[i] >= 0) || float.IsInfinity(probabilities[i]))
                throw new ArgumentException(
                    $"Probability {i} is {probabilities[i]}; expected a finite value ≥ 0 (a softmax output)."
                );
    }
}
