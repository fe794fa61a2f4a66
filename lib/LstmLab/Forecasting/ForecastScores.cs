using System.Globalization;
using LstmLab.Display;

namespace LstmLab.Forecasting;

/// <summary>The errors of one forecast against the actual values, in the series' own units.</summary>
/// <param name="Name">The forecast's name ("LSTM", "naive", …).</param>
/// <param name="Mse">Mean squared error, in units².</param>
/// <param name="Rmse">Root of the MSE, in units: a typical error size.</param>
/// <param name="Mae">Mean absolute error, in units.</param>
public sealed record ForecastScore(string Name, double Mse, double Rmse, double Mae);

/// <summary>
/// Several forecasts of the same values scored side by side: a table with MSE, RMSE and MAE
/// per forecast, the best (lowest RMSE) marked.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class ForecastScores : IHtmlRenderable
{
    private readonly List<ForecastScore> scores = [];

    /// <summary>
    /// Scores each of <paramref name="forecasts"/> against <paramref name="actual"/>; every
    /// forecast must have one value per actual value. <paramref name="units"/> labels the table.
    /// </summary>
    public ForecastScores(
        IReadOnlyList<float> actual,
        string units,
        params (string Name, IReadOnlyList<float> Predicted)[] forecasts
    )
    {
        Units = units;
        foreach (var (name, predicted) in forecasts)
            scores.Add(Score(name, actual, predicted));
    }

    /// <summary>The units of the values (the RMSE's units).</summary>
    public string Units { get; }

    /// <summary>The scores in the order the forecasts were given.</summary>
    public IReadOnlyList<ForecastScore> All => scores;

    /// <summary>The score of the forecast named <paramref name="name"/>.</summary>
    public ForecastScore this[string name] =>
        scores.Find(s => s.Name == name)
        ?? throw new KeyNotFoundException(
            $"No forecast named '{name}'; the forecasts are: {string.Join(", ", scores.Select(s => s.Name))}."
        );

    /// <summary>The forecast with the lowest RMSE.</summary>
    public ForecastScore Best =>
        scores.MinBy(s => s.Rmse)
        ?? throw new InvalidOperationException("No forecasts were scored.");

    /// <summary>The errors of <paramref name="predicted"/> against <paramref name="actual"/>.</summary>
    public static ForecastScore Score(
        string name,
        IReadOnlyList<float> actual,
        IReadOnlyList<float> predicted
    )
    {
        if (actual.Count != predicted.Count || actual.Count == 0)
            throw new ArgumentException(
                $"Forecast '{name}' has {predicted.Count} values for {actual.Count} actual values; expected the same number, at least one."
            );
        double squares = 0,
            absolutes = 0;
        for (int i = 0; i < actual.Count; i++)
        {
            double error = (double)predicted[i] - actual[i];
            squares += error * error;
            absolutes += Math.Abs(error);
        }
        double mse = squares / actual.Count;
        return new ForecastScore(name, mse, Math.Sqrt(mse), absolutes / actual.Count);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Join(
            Environment.NewLine,
            scores.Select(s =>
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{s.Name}: MSE {s.Mse:0.####}, RMSE {s.Rmse:0.####}, MAE {s.Mae:0.####} {Units}"
                )
            )
        );

    /// <inheritdoc/>
    public string ToHtml()
    {
        var best = Best;
        return new HtmlTable(
            ["forecast", $"MSE ({Units})²", $"RMSE ({Units})", $"MAE ({Units})", "lowest RMSE"],
            scores.Select(s => new object?[] { s.Name, s.Mse, s.Rmse, s.Mae, s == best ? "✓" : "" })
        ).ToHtml();
    }
}
