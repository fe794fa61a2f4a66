using LstmLab.Kernels;
using LstmLab.Layers;
using LstmLab.Tensors;

namespace LstmLab.Losses;

/// <summary>
/// Cross-entropy with integer class labels: loss = -mean log p[label], over (N, C) predictions
/// (or (N, T, C) with (N, T) labels). With <see cref="FromLogits"/>, predictions are logits;
/// a final softmax layer is fused so the loss is computed from its logits either way.
/// </summary>
public sealed class SparseCategoricalCrossentropy(bool fromLogits = false) : Loss
{
    private const float Epsilon = 1e-7f; // Keras's clip of probabilities

    /// <summary>Whether predictions are logits rather than probabilities.</summary>
    public bool FromLogits { get; } = fromLogits;

    public override string Name => "sparse_categorical_crossentropy";

    internal override bool FusesWith(Activation activation) =>
        !FromLogits && activation == Activation.Softmax;

    public override double Compute(Tensor prediction, Tensor target, Span<float> gradient) =>
        FromLogits
            ? ComputeFromLogits(prediction, target, gradient)
            : FromProbabilities(prediction, target, gradient);

    internal override double ComputeFromLogits(Tensor logits, Tensor target, Span<float> gradient)
    {
        int classes = logits.Shape[^1],
            rows = logits.Length / classes;
        CheckCount(logits, target, rows, "one label per row");
        double total = 0;
        float scale = 1f / rows;
        for (int r = 0; r < rows; r++)
        {
            int label = Label(target, r, classes);
            var z = logits.Span.Slice(r * classes, classes);
            var g = gradient.Slice(r * classes, classes);
            Activations.Softmax(z, g);
            // loss = -log softmax(z)[label]; d/dz = softmax(z) - onehot(label)
            total -= Math.Log(Math.Max(g[label], float.Epsilon));
            g[label] -= 1;
            for (int j = 0; j < classes; j++)
                g[j] *= scale;
        }
        return total / rows;
    }

    private double FromProbabilities(Tensor prediction, Tensor target, Span<float> gradient)
    {
        int classes = prediction.Shape[^1],
            rows = prediction.Length / classes;
        CheckCount(prediction, target, rows, "one label per row");
        gradient.Clear();
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            int label = Label(target, r, classes);
            float p = prediction.Data[r * classes + label];
            float clipped = Math.Clamp(p, Epsilon, 1 - Epsilon);
            total -= Math.Log(clipped);
            if (p == clipped)
                gradient[r * classes + label] = -1f / (p * rows);
        }
        return total / rows;
    }

    private int Label(Tensor target, int row, int classes)
    {
        float label = target.Data[row];
        if (!(label >= 0 && label < classes) || label != MathF.Floor(label))
            throw new ArgumentOutOfRangeException(
                nameof(target),
                $"{Name}: label {label} at {Where(target, row, $"row {row}")} is not a class index in [0, {classes})."
            );
        return (int)label;
    }
}
