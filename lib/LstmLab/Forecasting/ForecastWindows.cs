using LstmLab.Data;

namespace LstmLab.Forecasting;

/// <summary>
/// The windows of a series split at the first test step: each window of
/// <see cref="Lookback"/> values X (N, lookback, 1) is followed by its target Y (N, 1).
/// </summary>
/// <param name="Train">Windows whose target lies before <see cref="TestStart"/>: X and Y hold training values only.</param>
/// <param name="Test">Windows whose targets are the values TestStart .. end, in order, one per test step.
/// Their inputs may reach back into the training part: that past is known when the forecast is made.</param>
/// <param name="TestStart">The index of the first test value in the series.</param>
/// <param name="Lookback">The number of past values each window holds.</param>
public sealed record ForecastWindows(
    LabelledData Train,
    LabelledData Test,
    int TestStart,
    int Lookback
)
{
    /// <summary>
    /// Cuts <paramref name="values"/> (already scaled) into windows of
    /// <paramref name="lookback"/> values and one target, and splits them at
    /// <paramref name="testStart"/> so that no training target comes from the test part.
    /// </summary>
    public static ForecastWindows Make(ReadOnlySpan<float> values, int lookback, int testStart)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lookback);
        if (testStart <= lookback || testStart >= values.Length)
            throw new ArgumentOutOfRangeException(
                nameof(testStart),
                $"The test part of {values.Length} values must start after the first window of lookback {lookback} "
                    + $"and before the end: {lookback + 1}..{values.Length - 1}, got {testStart}."
            );
        var all = Windows.Make(values, lookback, horizon: 1);
        // Window i predicts value i + lookback: the first test window is testStart - lookback.
        int trainCount = testStart - lookback;
        int testCount = all.Count - trainCount;
        return new ForecastWindows(
            new LabelledData(all.X.Slice(0, trainCount), all.Y.Slice(0, trainCount)),
            new LabelledData(
                all.X.Slice(trainCount, testCount),
                all.Y.Slice(trainCount, testCount)
            ),
            testStart,
            lookback
        );
    }
}
