using LstmLab.Layers;
using LstmLab.Tensors;

namespace LstmLab.Losses;

/// <summary>A training objective: the mean loss over a batch and its gradient with respect to the predictions.</summary>
public abstract class Loss
{
    /// <summary>Keras's name for the loss ("binary_crossentropy", …).</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Returns the mean loss of <paramref name="prediction"/> against <paramref name="target"/> and writes
    /// d loss / d prediction into <paramref name="gradient"/> (the prediction's length).
    /// </summary>
    public abstract double Compute(Tensor prediction, Tensor target, Span<float> gradient);

    /// <summary>
    /// Whether this loss can take the pre-activation z of a final layer with <paramref name="activation"/>
    /// instead of its output: softmax with cross-entropy and sigmoid with binary cross-entropy,
    /// which is both faster and numerically stable (Keras does the same).
    /// </summary>
    internal virtual bool FusesWith(Activation activation) => false;

    /// <summary>The loss and d loss / dz, given the pre-activation z of the fused activation.</summary>
    internal virtual double ComputeFromLogits(Tensor logits, Tensor target, Span<float> gradient) =>
        throw new InvalidOperationException($"{Name} does not take logits.");

    /// <summary>
    /// Names a target's row in error messages; set by <see cref="Models.Sequential"/> during Fit and
    /// Evaluate to the row's index in the dataset ("row 4711 of the training data (epoch 1, batch 37)").
    /// </summary>
    internal Func<int, string>? RowName { get; set; }

    /// <summary>Where target value <paramref name="index"/> of <paramref name="target"/> (N, …) is, for an error message.</summary>
    private protected string Where(Tensor target, int index, string standalone)
    {
        if (RowName is null)
            return standalone;
        int perRow = target.Length / target.Shape[0];
        return RowName(index / perRow) + (perRow > 1 ? $", step {index % perRow}" : "");
    }

    /// <summary>Throws a clear error unless <paramref name="target"/> holds <paramref name="count"/> values.</summary>
    protected void CheckCount(Tensor prediction, Tensor target, int count, string expected)
    {
        if (target.Length != count)
            throw new ShapeMismatchException(
                $"{Name}: predictions of shape {Tensor.Format(prediction.Shape)} need {expected} ({count} values), "
                    + $"but the targets have shape {Tensor.Format(target.Shape)}."
            );
    }
}
