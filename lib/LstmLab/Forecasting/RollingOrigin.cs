using LstmLab.Tensors;

namespace LstmLab.Forecasting;

/// <summary>
/// Rolling-origin forecasts of a trained one-step model: from every test step as origin, the
/// model reads the actual past window and forecasts recursively, feeding its own predictions
/// back in, so an h-step forecast uses no actual value after the origin.
/// </summary>
public static class RollingOrigin
{
    /// <summary>
    /// Forecasts 1 .. <paramref name="horizon"/> steps ahead from every origin TestStart .. N-1 of
    /// <paramref name="transform"/>. <paramref name="predict"/> maps windows of
    /// <paramref name="lookback"/> model values X (n, lookback, 1) to one model value each (n, 1),
    /// e.g. <c>x => model.Predict(x, batchSize: 256)</c>. The forecasts are turned back into the
    /// series' units (differenced: added up from the actual value before each origin).
    /// </summary>
    public static RollingForecast Forecast(
        string name,
        ForecastTransform transform,
        int lookback,
        int horizon,
        Func<Tensor, Tensor> predict
    )
    {
        ArgumentNullException.ThrowIfNull(transform);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        int first = transform.TestStart,
            origins = transform.Count - first;
        var windows = new Tensor(origins, lookback, 1);
        for (int i = 0; i < origins; i++)
            transform.WindowBefore(first + i, lookback).CopyTo(windows.Data, i * lookback);
        var scaled = RecursiveForecast.Run(predict, windows, horizon);
        var levels = new float[origins][];
        for (int i = 0; i < origins; i++)
            levels[i] = transform.RecursiveLevels(scaled[i], first + i);
        return new RollingForecast(name, first, levels);
    }
}
