using System.Globalization;
using System.Text;
using LstmLab.Charts;
using LstmLab.Data;
using LstmLab.Display;
using Series = LstmLab.Data.Series;

namespace LstmLab.Forecasting;

/// <summary>The errors of one forecaster at one horizon, over every test step it reaches.</summary>
/// <param name="Name">The forecaster.</param>
/// <param name="StepsAhead">How many steps ahead (1 = the next step).</param>
/// <param name="Count">How many forecasts were scored.</param>
/// <param name="Rmse">Root mean squared error, in the series' units.</param>
/// <param name="Mae">Mean absolute error, in the series' units.</param>
/// <param name="Mase">Mean absolute scaled error: the MAE divided by the MAE of one-step
/// persistence on the training part. Below 1: better than "next step = this step" was in-sample;
/// it has no units, so it compares across series.</param>
public sealed record HorizonScore(
    string Name,
    int StepsAhead,
    int Count,
    double Rmse,
    double Mae,
    double Mase
);

/// <summary>
/// Rolling-origin forecasts scored by horizon: RMSE, MAE and MASE for 1 .. h steps ahead, one
/// row per horizon, each forecaster's three scores side by side, the lowest MASE marked.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class HorizonScores : IHtmlRenderable
{
    private readonly List<RollingForecast> forecasts;
    private readonly HorizonScore[][] scores; // (forecasts, horizon)

    /// <summary>
    /// Scores every forecast of <paramref name="forecasts"/> whose target lies in
    /// <paramref name="series"/>; the MASE's scale is one-step persistence's MAE on the first
    /// <paramref name="trainCount"/> values (Hyndman &amp; Koehler 2006). All forecasts must have
    /// the same horizon.
    /// </summary>
    public HorizonScores(Series series, int trainCount, params RollingForecast[] forecasts)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (forecasts.Length == 0 || forecasts.Any(f => f.Horizon != forecasts[0].Horizon))
            throw new ArgumentException(
                $"Expected forecasts of one horizon; got {string.Join(", ", forecasts.Select(f => $"'{f.Name}' ({f.Horizon} steps)"))}.",
                nameof(forecasts)
            );
        Frequency = series.Frequency;
        Units = series.Units;
        Scale = NaiveScale(series.Values, trainCount);
        this.forecasts = [.. forecasts];
        scores = forecasts
            .Select(f =>
                Enumerable
                    .Range(1, f.Horizon)
                    .Select(k => Score(f, k, series.Values, Scale))
                    .ToArray()
            )
            .ToArray();
    }

    /// <summary>The series' units (those of the RMSE and MAE).</summary>
    public string Units { get; }

    /// <summary>The series' frequency: what one step ahead is.</summary>
    public Frequency Frequency { get; }

    /// <summary>The MASE's denominator: the mean |y[t] - y[t-1]| over the training part, in units.</summary>
    public double Scale { get; }

    /// <summary>The number of steps ahead scored.</summary>
    public int Horizon => scores[0].Length;

    /// <summary>The forecasters' names, in the order given.</summary>
    public IReadOnlyList<string> Names => forecasts.Select(f => f.Name).ToArray();

    /// <summary>The score of <paramref name="name"/> <paramref name="stepsAhead"/> steps ahead.</summary>
    public HorizonScore this[string name, int stepsAhead]
    {
        get
        {
            int index = forecasts.FindIndex(f => f.Name == name);
            if (index < 0)
                throw new KeyNotFoundException(
                    $"No forecast named '{name}'; the forecasts are: {string.Join(", ", Names)}."
                );
            if (stepsAhead < 1 || stepsAhead > Horizon)
                throw new ArgumentOutOfRangeException(
                    nameof(stepsAhead),
                    $"Scored 1..{Horizon} steps ahead, not {stepsAhead}."
                );
            return scores[index][stepsAhead - 1];
        }
    }

    /// <summary>The scores of <paramref name="name"/> for 1 .. h steps ahead.</summary>
    public IReadOnlyList<HorizonScore> Of(string name) =>
        Enumerable.Range(1, Horizon).Select(k => this[name, k]).ToArray();

    /// <summary>The forecaster with the lowest MASE <paramref name="stepsAhead"/> steps ahead.</summary>
    public HorizonScore Best(int stepsAhead) =>
        forecasts.Select(f => this[f.Name, stepsAhead]).MinBy(s => s.Mase)!;

    /// <summary>One line per forecaster: its MASE 1 .. h steps ahead.</summary>
    public Figure MaseChart() =>
        Chart
            .Line(
                Enumerable.Range(1, Horizon),
                forecasts
                    .Select(f => (Charts.Series)(f.Name, Of(f.Name).Select(s => s.Mase)))
                    .ToArray()
            )
            .WithTitle("Mean absolute scaled error by horizon (1 = persistence in training)")
            .WithXAxis($"{Frequency.StepName()}s ahead")
            .WithYAxis("MASE");

    /// <summary>
    /// The mean absolute one-step change over values 0 .. trainCount-1: the in-sample MAE of
    /// persistence, the MASE's denominator.
    /// </summary>
    public static double NaiveScale(ReadOnlySpan<float> values, int trainCount)
    {
        if (trainCount < 2 || trainCount > values.Length)
            throw new ArgumentOutOfRangeException(
                nameof(trainCount),
                $"The MASE's scale needs a training part of 2..{values.Length} values, got {trainCount}."
            );
        double sum = 0;
        for (int t = 1; t < trainCount; t++)
            sum += Math.Abs((double)values[t] - values[t - 1]);
        double scale = sum / (trainCount - 1);
        if (scale == 0)
            throw new ArgumentException(
                $"The training part's {trainCount} values are all equal; the MASE's scale would be 0."
            );
        return scale;
    }

    private static HorizonScore Score(
        RollingForecast forecast,
        int stepsAhead,
        float[] actual,
        double scale
    )
    {
        var predicted = forecast.Ahead(stepsAhead, actual.Length);
        if (predicted.Length == 0)
            throw new ArgumentException(
                $"'{forecast.Name}' has no forecast {stepsAhead} steps ahead inside the {actual.Length} values."
            );
        int firstTarget = forecast.FirstOrigin + stepsAhead - 1;
        double squares = 0,
            absolutes = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            double error = (double)predicted[i] - actual[firstTarget + i];
            squares += error * error;
            absolutes += Math.Abs(error);
        }
        double mae = absolutes / predicted.Length;
        return new HorizonScore(
            forecast.Name,
            stepsAhead,
            predicted.Length,
            Math.Sqrt(squares / predicted.Length),
            mae,
            mae / scale
        );
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder();
        for (int k = 1; k <= Horizon; k++)
        {
            text.Append(Frequency.Steps(k)).Append(" ahead:");
            foreach (var f in forecasts)
            {
                var s = this[f.Name, k];
                text.Append(
                    CultureInfo.InvariantCulture,
                    $" {s.Name} RMSE {s.Rmse:0.###} MAE {s.Mae:0.###} MASE {s.Mase:0.###};"
                );
            }
            text.AppendLine();
        }
        return text.ToString().TrimEnd();
    }

    /// <inheritdoc/>
    public string ToHtml()
    {
        var headers = new List<string> { "ahead", "forecasts" };
        foreach (var f in forecasts)
            headers.AddRange([$"{f.Name} RMSE", $"{f.Name} MAE", $"{f.Name} MASE"]);
        headers.Add("lowest MASE");
        var rows = Enumerable
            .Range(1, Horizon)
            .Select(k =>
            {
                var row = new List<object?>
                {
                    Frequency.Steps(k),
                    this[forecasts[0].Name, k].Count,
                };
                foreach (var f in forecasts)
                {
                    var s = this[f.Name, k];
                    row.AddRange([s.Rmse, s.Mae, s.Mase]);
                }
                row.Add(Best(k).Name);
                return row;
            });
        return new HtmlTable(headers, rows)
        {
            Caption = string.Create(
                CultureInfo.InvariantCulture,
                $"Rolling-origin errors by horizon; RMSE and MAE in {Units}, MASE scaled by one-step persistence's training MAE ({Scale:0.###} {Units})"
            ),
            NumberFormat = "0.###",
        }.ToHtml();
    }
}
