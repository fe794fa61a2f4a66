using LstmLab.Data;
using LstmLab.Tensors;

namespace LstmLab.Forecasting;

/// <summary>
/// How a series becomes what a forecasting model reads, and how the model's outputs become
/// values in the series' own units again. Optionally the series is first differenced (the model
/// sees the change from one step to the next); then it is scaled by a <see cref="Scaler"/>
/// fitted on the training part only.
/// </summary>
/// <remarks>
/// Why difference: a series with a trend (CO2, airline passengers) rises past its training
/// range in the test part, so the test windows hold values the model never saw, and an LSTM,
/// whose gates saturate, cannot extrapolate them. The changes from month to month stay in the
/// range the model was trained on; a level is recovered as the previous level plus the change.
/// </remarks>
public sealed class ForecastTransform
{
    private readonly float[] levels;

    /// <summary>
    /// Prepares <paramref name="values"/> (N) whose test part starts at step
    /// <paramref name="testStart"/>. The <paramref name="scaler"/> is fitted here, on model values
    /// that come from training steps only.
    /// </summary>
    public ForecastTransform(
        IReadOnlyList<float> values,
        int testStart,
        Scaler scaler,
        bool difference
    )
    {
        ArgumentNullException.ThrowIfNull(scaler);
        int offset = difference ? 1 : 0;
        if (testStart <= offset || testStart >= values.Count)
            throw new ArgumentOutOfRangeException(
                nameof(testStart),
                $"The test part of {values.Count} values must start at a step in {offset + 1}..{values.Count - 1}, got {testStart}."
            );
        levels = [.. values];
        Difference = difference;
        TestStart = testStart;
        Scaler = scaler;
        float[] raw = difference ? Changes(levels) : levels;
        // Model value j belongs to step j + Offset; those before TestStart are training values.
        scaler.Fit(raw.AsSpan(0, testStart - offset));
        ModelValues = scaler.Transform(raw);
    }

    /// <summary>Whether the model reads changes (value[t] - value[t-1]) rather than values.</summary>
    public bool Difference { get; }

    /// <summary>The step where the test part starts.</summary>
    public int TestStart { get; }

    /// <summary>The scaler, fitted on the training part's model values.</summary>
    public Scaler Scaler { get; }

    /// <summary>
    /// What the model reads, scaled: the values (N), or the changes (N - 1), where model value j
    /// belongs to step j + <see cref="Offset"/>.
    /// </summary>
    public float[] ModelValues { get; }

    /// <summary>1 when differenced (the first step has no change), else 0.</summary>
    public int Offset => Difference ? 1 : 0;

    /// <summary>
    /// Windows of <paramref name="lookback"/> model values with one target each, split so that the
    /// test windows' targets are steps TestStart .. N-1, one per test step.
    /// </summary>
    public ForecastWindows Windows(int lookback) =>
        ForecastWindows.Make(ModelValues, lookback, TestStart - Offset);

    /// <summary>The last <paramref name="lookback"/> model values before the test part: where a recursive forecast starts.</summary>
    public float[] WindowBeforeTest(int lookback)
    {
        int end = TestStart - Offset;
        if (lookback <= 0 || lookback > end)
            throw new ArgumentOutOfRangeException(
                nameof(lookback),
                $"The training part has {end} model values; a window of {lookback} does not fit."
            );
        return ModelValues[(end - lookback)..end];
    }

    /// <summary>
    /// One-step predictions for the test steps TestStart, TestStart + 1, … (the model's outputs
    /// (n, 1) or (n) for the test windows, in order) in the series' units. Differenced: each level is
    /// the actual previous value plus the predicted change.
    /// </summary>
    public float[] OneStepLevels(Tensor predictions)
    {
        if (predictions.Length > levels.Length - TestStart)
            throw new ArgumentException(
                $"{Tensor.Format(predictions.Shape)} predictions for a test part of {levels.Length - TestStart} steps; expected one per test step at most.",
                nameof(predictions)
            );
        float[] values = Unscale(predictions);
        if (Difference)
            for (int i = 0; i < values.Length; i++)
                values[i] += levels[TestStart + i - 1];
        return values;
    }

    /// <summary>
    /// A recursive forecast from the start of the test part (model values, as
    /// <see cref="RecursiveForecast.Run"/> returns them; it may run past the end of the data) in
    /// the series' units. Differenced: the
    /// predicted changes are added up from the last training value, no actual test value used.
    /// </summary>
    public float[] RecursiveLevels(IReadOnlyList<float> forecast)
    {
        float[] values = Unscale(new Tensor([.. forecast], forecast.Count));
        if (Difference)
        {
            float level = levels[TestStart - 1];
            for (int i = 0; i < values.Length; i++)
                values[i] = level += values[i];
        }
        return values;
    }

    private float[] Unscale(Tensor predictions)
    {
        if (predictions.Rank == 0 || predictions.Length != predictions.Shape[0])
            throw new ArgumentException(
                $"Expected one value per step, (n) or (n, 1); got {Tensor.Format(predictions.Shape)}.",
                nameof(predictions)
            );
        return Scaler.InverseTransform(predictions.Data);
    }

    private static float[] Changes(float[] values)
    {
        var changes = new float[values.Length - 1];
        for (int i = 0; i < changes.Length; i++)
            changes[i] = values[i + 1] - values[i];
        return changes;
    }
}
