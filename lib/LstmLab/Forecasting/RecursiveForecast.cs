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
        var windows = new Tensor(1, window.Length, 1);
        window.CopyTo(windows.Data);
        return Run(x => model.Predict(x, batchSize: 1), windows, steps)[0];
    }

    /// <summary>
    /// Predicts <paramref name="steps"/> values after each of <paramref name="windows"/>
    /// X (n, lookback, 1), all windows at once: <paramref name="predict"/> maps X (n, lookback, 1)
    /// to one value per window, (n, 1) or (n). Returns, per window, its predictions (steps), still scaled.
    /// </summary>
    public static float[][] Run(Func<Tensor, Tensor> predict, Tensor windows, int steps)
    {
        ArgumentNullException.ThrowIfNull(predict);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (windows.Rank != 3 || windows.Shape[2] != 1 || windows.Shape[1] == 0)
            throw new ArgumentException(
                $"RecursiveForecast needs windows of past values, (n, lookback, 1); got {Tensor.Format(windows.Shape)}.",
                nameof(windows)
            );
        int n = windows.Shape[0],
            lookback = windows.Shape[1];
        var input = new Tensor([.. windows.Data], n, lookback, 1);
        var forecast = new float[n][];
        for (int i = 0; i < n; i++)
            forecast[i] = new float[steps];
        for (int s = 0; s < steps; s++)
        {
            var output = predict(input);
            if (output.Length != n)
                throw new ArgumentException(
                    $"RecursiveForecast needs one output per window, got {Tensor.Format(output.Shape)} for input {Tensor.Format(input.Shape)}.",
                    nameof(predict)
                );
            for (int i = 0; i < n; i++)
            {
                forecast[i][s] = output.Data[i];
                // Slide window i: drop the oldest value, append the prediction.
                var row = input.Data.AsSpan(i * lookback, lookback);
                row[1..].CopyTo(row);
                row[^1] = output.Data[i];
            }
        }
        return forecast;
    }
}
