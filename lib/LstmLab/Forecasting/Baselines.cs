namespace LstmLab.Forecasting;

/// <summary>
/// Forecasts that need no training, the bar a model must clear: if an LSTM cannot beat
/// "next month equals this month", it has learned nothing useful.
/// Both predict one step ahead from the actual past, as the model's test windows do.
/// </summary>
public static class Baselines
{
    /// <summary>
    /// Naive persistence: the prediction for step t is the value at t - 1. Returns the
    /// predictions for steps <paramref name="start"/> .. N-1 of <paramref name="values"/>.
    /// </summary>
    public static float[] Naive(ReadOnlySpan<float> values, int start) =>
        SeasonalNaive(values, start, season: 1);

    /// <summary>
    /// Seasonal naive: the prediction for step t is the value one season earlier, at
    /// t - <paramref name="season"/> (12 for monthly data: this March is last March). Returns
    /// the predictions for steps <paramref name="start"/> .. N-1.
    /// </summary>
    public static float[] SeasonalNaive(ReadOnlySpan<float> values, int start, int season = 12)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(season);
        if (start < season || start > values.Length)
            throw new ArgumentOutOfRangeException(
                nameof(start),
                $"A forecast with season {season} of {values.Length} values can start at steps {season}..{values.Length}, got {start}."
            );
        return values[(start - season)..(values.Length - season)].ToArray();
    }
}
