using LstmLab.Tensors;

namespace LstmLab.Metrics;

/// <summary>The fraction of predictions on the right side of 0.5 (Keras's binary_accuracy).</summary>
public sealed class BinaryAccuracy(string name = "binary_accuracy") : Metric
{
    private long correct,
        total;

    public override string Name => name;

    public override void Reset() => (correct, total) = (0, 0);

    public override void Update(Tensor prediction, Tensor target)
    {
        for (int i = 0; i < prediction.Length; i++)
            if (prediction.Data[i] > 0.5f == target.Data[i] > 0.5f)
                correct++;
        total += prediction.Length;
    }

    internal override double[] State
    {
        get => [correct, total];
        set => (correct, total) = ((long)value[0], (long)value[1]);
    }

    public override double Result() => total == 0 ? 0 : (double)correct / total;
}
