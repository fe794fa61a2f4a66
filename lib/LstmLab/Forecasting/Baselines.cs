namespace LstmLab.Forecasting;

/// <summary>
/// Forecasts that need no training, the bar a model must clear: if an LSTM cannot beat
/// "the next months equal this month", it has learned nothing useful. Both forecast from every
/// origin as the model's rolling-origin forecasts do (Hyndman &amp; Athanasopoulos, 5.2).
/// </summary>
public static class Baselines
{
    /// <summary>
    /// h-step persistence (naive): from origin o, every step ahead is forecast as the last known
    /// value, values[o - 1]. Origins <paramref name="firstOrigin"/> .. N-1.
    /// </summary>
    public static RollingForecast Persistence(
        ReadOnlySpan<float> values,
        int firstOrigin,
        int horizon,
        string name = "persistence"
    )
    {
        Check(values.Length, firstOrigin, horizon, 1);
        var levels = new float[values.Length - firstOrigin][];
        for (int i = 0; i < levels.Length; i++)
        {
            levels[i] = new float[horizon];
            Array.Fill(levels[i], values[firstOrigin + i - 1]);
        }
        return new RollingForecast(name, firstOrigin, levels);
    }

    /// <summary>
    /// Seasonal naive: from origin o, step o + k is forecast as the value of the same season in
    /// the last season known at the origin, values[o + k - season·(⌊k / season⌋ + 1)] (k = 0 for
    /// one step ahead; 12 for monthly data: next March is last March). Origins
    /// <paramref name="firstOrigin"/> .. N-1.
    /// </summary>
    public static RollingForecast SeasonalNaive(
        ReadOnlySpan<float> values,
        int firstOrigin,
        int horizon,
        int season,
        string? name = null
    )
    {
        Check(values.Length, firstOrigin, horizon, season);
        var levels = new float[values.Length - firstOrigin][];
        for (int i = 0; i < levels.Length; i++)
        {
            int origin = firstOrigin + i;
            levels[i] = new float[horizon];
            for (int k = 0; k < horizon; k++)
                levels[i][k] = values[origin + k - season * (k / season + 1)];
        }
        return new RollingForecast(name ?? $"seasonal naive ({season})", firstOrigin, levels);
    }

    private static void Check(int count, int firstOrigin, int horizon, int season)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(season);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        if (firstOrigin < season || firstOrigin >= count)
            throw new ArgumentOutOfRangeException(
                nameof(firstOrigin),
                $"A forecast with season {season} of {count} values can start at steps {season}..{count - 1}, got {firstOrigin}."
            );
    }
}
