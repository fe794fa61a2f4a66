using LstmLab.Tensors;

namespace LstmLab.Losses;

/// <summary>Mean squared error over all values: loss = mean (p - y)².</summary>
public sealed class MeanSquaredError : Loss
{
    public override string Name => "mean_squared_error";

    public override double Compute(Tensor prediction, Tensor target, Span<float> gradient)
    {
        int n = prediction.Length;
        CheckCount(prediction, target, n, "one target per prediction");
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            float diff = prediction.Data[i] - target.Data[i];
            total += (double)diff * diff;
            gradient[i] = 2 * diff / n;
        }
        return total / n;
    }
}
