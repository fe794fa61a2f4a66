using LstmLab.Models;
using LstmLab.Tensors;

namespace LstmLab.Forecasting;

/// <summary>
/// Forecasts many steps with a one-step model by feeding its predictions back in: the first
/// prediction joins the end of the window and the oldest value drops out, and so on. Errors
/// compound, so a recursive forecast drifts further from the truth than one-step predictions
/// made from the actual past.
/// </summary>
public static class RecursiveForecast
{
    /// <summary>
    /// Predicts <paramref name="steps"/> values after <paramref name="window"/> (the last
    /// lookback values, scaled as the model was trained). The model takes X (1, lookback, 1)
    /// and returns one value (1, 1). Returns the predictions, (steps), still scaled.
    /// </summary>
    public static float[] Run(Sequential model, ReadOnlySpan<float> window, int steps)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (window.IsEmpty)
            throw new ArgumentException(
                "RecursiveForecast needs a window of past values.",
                nameof(window)
            );
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        int lookback = window.Length;
        var input = new Tensor(1, lookback, 1);
        window.CopyTo(input.Data);
        var forecast = new float[steps];
        for (int s = 0; s < steps; s++)
        {
            var output = model.Predict(input, batchSize: 1);
            if (output.Length != 1)
                throw new ArgumentException(
                    $"RecursiveForecast needs a model with one output per window, got {Tensor.Format(output.Shape)} for input {Tensor.Format(input.Shape)}.",
                    nameof(model)
                );
            forecast[s] = output.Data[0];
            // Slide: drop the oldest value, append the prediction.
            Array.Copy(input.Data, 1, input.Data, 0, lookback - 1);
            input.Data[lookback - 1] = forecast[s];
        }
        return forecast;
    }
}
