using LstmLab.Data;
using LstmLab.Tensors;

namespace LstmLab.Forecasting;

/// <summary>
/// How a series becomes what a forecasting model reads, and how the model's outputs become
/// values in the series' own units again. Optionally the series is first differenced (the model
/// sees the change from one step to the next); then it is scaled by a <see cref="Scaler"/>
/// fitted on the training part only. The series must have no missing dates: a window of
/// equally spaced steps cannot hold a gap, so gaps are filled explicitly first
/// (<see cref="GapFilling.Interpolate"/>).
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
    /// Prepares the values (N) of <paramref name="series"/>, whose test part starts at step
    /// <paramref name="testStart"/>. The <paramref name="scaler"/> is fitted here, on model values
    /// that come from training steps only. Throws when the series has missing dates, naming the
    /// first gap.
    /// </summary>
    public ForecastTransform(Series series, int testStart, Scaler scaler, bool difference)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(scaler);
        if (series.MissingDates.Count > 0)
            throw new ArgumentException(
                $"{series.Name} has {series.MissingDates.Count} missing dates, the first "
                    + $"{series.Frequency.Format(series.MissingDates[0])}; windows of equally spaced "
                    + $"{series.Frequency.StepName()}s cannot hold a gap. Fill the gaps explicitly first: "
                    + "GapFilling.Interpolate(series).Series.",
                nameof(series)
            );
        var values = series.Values;
        int offset = difference ? 1 : 0;
        if (testStart <= offset || testStart >= values.Length)
            throw new ArgumentOutOfRangeException(
                nameof(testStart),
                $"The test part of {values.Length} values must start at a step in {offset + 1}..{values.Length - 1}, got {testStart}."
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

    /// <summary>The number of steps (N).</summary>
    public int Count => levels.Length;

    /// <summary>
    /// The last <paramref name="lookback"/> model values before step <paramref name="origin"/>:
    /// what a forecast made at that origin (knowing steps 0 .. origin-1) reads.
    /// </summary>
    public float[] WindowBefore(int origin, int lookback)
    {
        int end = origin - Offset;
        if (lookback <= 0 || lookback > end || origin > levels.Length)
            throw new ArgumentOutOfRangeException(
                nameof(lookback),
                $"Before step {origin} of {levels.Length} there are {end} model values; a window of {lookback} does not fit."
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
    /// A recursive forecast made at step <paramref name="origin"/> (model values for steps
    /// origin, origin + 1, …, as <see cref="RecursiveForecast"/> returns them; it may run past
    /// the end of the data) in the series' units. Differenced: the predicted changes are added up
    /// from the actual value at origin - 1, the last one known; no later actual value is used.
    /// </summary>
    public float[] RecursiveLevels(IReadOnlyList<float> forecast, int origin)
    {
        if (origin <= Offset || origin > levels.Length)
            throw new ArgumentOutOfRangeException(
                nameof(origin),
                $"A forecast of {levels.Length} steps{(Difference ? ", differenced," : "")} can start at steps {Offset + 1}..{levels.Length}, got {origin}."
            );
        float[] values = Unscale(new Tensor([.. forecast], forecast.Count));
        if (Difference)
        {
            float level = levels[origin - 1];
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
