using LstmLab.Kernels;
using LstmLab.Layers;
using LstmLab.Tensors;

namespace LstmLab.Losses;

/// <summary>
/// Binary cross-entropy: loss = -mean [y log p + (1 - y) log(1 - p)] for targets y in [0, 1].
/// With <see cref="FromLogits"/>, predictions are logits; a final sigmoid layer is fused either way.
/// </summary>
public sealed class BinaryCrossentropy(bool fromLogits = false) : Loss
{
    private const float Epsilon = 1e-7f;

    /// <summary>Whether predictions are logits rather than probabilities.</summary>
    public bool FromLogits { get; } = fromLogits;

    public override string Name => "binary_crossentropy";

    internal override bool FusesWith(Activation activation) =>
        !FromLogits && activation == Activation.Sigmoid;

    public override double Compute(Tensor prediction, Tensor target, Span<float> gradient)
    {
        if (FromLogits)
            return ComputeFromLogits(prediction, target, gradient);
        int n = prediction.Length;
        CheckCount(prediction, target, n, "one target per prediction");
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            float y = Target(target, i);
            float p = prediction.Data[i];
            float clipped = Math.Clamp(p, Epsilon, 1 - Epsilon);
            total -= y * Math.Log(clipped) + (1 - y) * Math.Log(1 - clipped);
            gradient[i] = p == clipped ? (clipped - y) / (clipped * (1 - clipped) * n) : 0;
        }
        return total / n;
    }

    internal override double ComputeFromLogits(Tensor logits, Tensor target, Span<float> gradient)
    {
        int n = logits.Length;
        CheckCount(logits, target, n, "one target per prediction");
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            float y = Target(target, i);
            float z = logits.Data[i];
            // stable form: max(z, 0) - z y + log(1 + e^-|z|); d/dz = σ(z) - y
            total += Math.Max(z, 0) - z * y + Math.Log(1 + Math.Exp(-Math.Abs(z)));
            gradient[i] = (Activations.Sigmoid(z) - y) / n;
        }
        return total / n;
    }

    private float Target(Tensor target, int i)
    {
        float y = target.Data[i];
        if (!(y >= 0 && y <= 1))
            throw new ArgumentOutOfRangeException(
                nameof(target),
                $"{Name}: target {y} at {Where(target, i, $"position {i}")} is not in [0, 1]."
            );
        return y;
    }
}
