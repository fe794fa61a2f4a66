namespace LstmLab.Forecasting;

/// <summary>
/// Forecasts made at every origin of a test part (rolling-origin evaluation, Hyndman &amp;
/// Athanasopoulos, <i>Forecasting: Principles and Practice</i>, 5.10): at origin o the forecaster
/// knows steps 0 .. o-1 and forecasts steps o, o+1, … o+Horizon-1.
/// </summary>
/// <param name="Name">The forecaster's name ("LSTM", "persistence", …).</param>
/// <param name="FirstOrigin">The first origin, usually the first test step.</param>
/// <param name="Levels">Per origin FirstOrigin + i, its forecasts in the series' units,
/// (origins, horizon): Levels[i][k] is the forecast of step FirstOrigin + i + k, k + 1 steps ahead.
/// Forecasts past the end of the data are kept but never scored.</param>
public sealed record RollingForecast(string Name, int FirstOrigin, IReadOnlyList<float[]> Levels)
{
    /// <summary>The number of steps each origin forecasts.</summary>
    public int Horizon => Levels.Count == 0 ? 0 : Levels[0].Length;

    /// <summary>
    /// The forecasts <paramref name="stepsAhead"/> steps ahead whose target is a step before
    /// <paramref name="count"/> (the series' length), in target order: one per test step from
    /// FirstOrigin + stepsAhead - 1 on.
    /// </summary>
    public float[] Ahead(int stepsAhead, int count)
    {
        if (stepsAhead < 1 || stepsAhead > Horizon)
            throw new ArgumentOutOfRangeException(
                nameof(stepsAhead),
                $"'{Name}' forecasts 1..{Horizon} steps ahead, not {stepsAhead}."
            );
        int n = Math.Min(Levels.Count, count - FirstOrigin - stepsAhead + 1);
        var values = new float[Math.Max(n, 0)];
        for (int i = 0; i < values.Length; i++)
            values[i] = Levels[i][stepsAhead - 1];
        return values;
    }
}
