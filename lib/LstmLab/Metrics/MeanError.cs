using LstmLab.Tensors;

namespace LstmLab.Metrics;

/// <summary>Mean squared error, its root, or mean absolute error, over all values of the epoch.</summary>
public sealed class MeanError(string name, bool squared, bool root) : Metric
{
    private double sum;
    private long count;

    public override string Name => name;

    public override void Reset() => (sum, count) = (0, 0);

    public override void Update(Tensor prediction, Tensor target)
    {
        for (int i = 0; i < prediction.Length; i++)
        {
            double diff = prediction.Data[i] - target.Data[i];
            sum += squared ? diff * diff : Math.Abs(diff);
        }
        count += prediction.Length;
    }

    internal override double[] State
    {
        get => [sum, count];
        set => (sum, count) = (value[0], (long)value[1]);
    }

    public override double Result()
    {
        double mean = count == 0 ? 0 : sum / count;
        return root ? Math.Sqrt(mean) : mean;
    }
}
