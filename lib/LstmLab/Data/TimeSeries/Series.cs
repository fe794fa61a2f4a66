using System.Globalization;
using System.Net;
using System.Text;
using LstmLab.Display;

namespace LstmLab.Data;

/// <summary>
/// A univariate time series: dates in increasing order with one value each. Dates the
/// <see cref="Frequency"/> expects but the file lacks are listed in <see cref="MissingDates"/>
/// rather than filled in silently.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class Series : IHtmlRenderable
{
    /// <summary>Builds a series; dates must increase.</summary>
    public Series(
        string name,
        string units,
        IReadOnlyList<DateOnly> dates,
        float[] values,
        Frequency frequency,
        string source
    )
    {
        if (dates.Count != values.Length)
            throw new ArgumentException($"{name}: {dates.Count} dates but {values.Length} values.");
        Name = name;
        Units = units;
        Dates = dates;
        Values = values;
        Frequency = frequency;
        Source = source;
        MissingDates = FindMissing(dates, frequency);
    }

    /// <summary>A short name, e.g. "Mauna Loa CO2".</summary>
    public string Name { get; }

    /// <summary>What the values measure, e.g. "ppm".</summary>
    public string Units { get; }

    /// <summary>The date of each value, increasing.</summary>
    public IReadOnlyList<DateOnly> Dates { get; }

    /// <summary>The values, (N).</summary>
    public float[] Values { get; }

    /// <summary>How often the series is observed.</summary>
    public Frequency Frequency { get; }

    /// <summary>
    /// The period of the seasonal-naive baseline in steps, from <see cref="Frequency"/>: 12 for
    /// monthly, 365 for daily, null for yearly (see <see cref="Frequencies.SeasonalPeriod"/>).
    /// </summary>
    public int? SeasonalPeriod => Frequency.SeasonalPeriod();

    /// <summary>Where it was read from.</summary>
    public string Source { get; }

    /// <summary>The dates between the first and the last that have no value.</summary>
    public IReadOnlyList<DateOnly> MissingDates { get; }

    /// <summary>The number of values.</summary>
    public int Count => Values.Length;

    /// <summary>
    /// The chronological split: the first <paramref name="trainFraction"/> of the values for
    /// training, the rest for testing (never shuffled: the test part lies in the future).
    /// </summary>
    public (Series Train, Series Test) SplitChronological(double trainFraction = 0.8)
    {
        if (trainFraction is <= 0 or >= 1 || double.IsNaN(trainFraction))
            throw new ArgumentOutOfRangeException(
                nameof(trainFraction),
                $"The training fraction must be between 0 and 1, got {trainFraction}."
            );
        int splitAt = (int)(Count * trainFraction);
        return (Part(0, splitAt, "train"), Part(splitAt, Count - splitAt, "test"));
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"{Name} ({Units}) from {Source}");
        foreach (string line in Facts())
            text.AppendLine(line);
        return text.ToString().TrimEnd();
    }

    /// <inheritdoc/>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append(
            $"<div class=\"lstmlab-dataset\"><b>{WebUtility.HtmlEncode(Name)}</b> ({WebUtility.HtmlEncode(Units)}) "
                + $"<small>from {WebUtility.HtmlEncode(Source)}</small><ul>"
        );
        foreach (string line in Facts())
            html.Append($"<li>{WebUtility.HtmlEncode(line)}</li>");
        html.Append("</ul>").Append(LineChart()).Append("</div>");
        return html.ToString();
    }

    private IEnumerable<string> Facts()
    {
        if (Count == 0)
        {
            yield return "no values";
            yield break;
        }
        yield return $"{Count} {Frequency.ToString().ToLowerInvariant()} values, {Frequency.Format(Dates[0])} .. {Frequency.Format(Dates[^1])}";
        yield return string.Create(
            CultureInfo.InvariantCulture,
            $"min {Values.Min():0.###}, max {Values.Max():0.###}, mean {Values.Average():0.###}"
        );
        yield return MissingDates.Count == 0
            ? "no missing dates"
            : $"{MissingDates.Count} missing dates: "
                + string.Join(", ", MissingDates.Take(8).Select(d => Frequency.Format(d)))
                + (MissingDates.Count > 8 ? ", …" : "");
    }

    private string LineChart()
    {
        if (Count < 2)
            return "";
        const int width = 600,
            height = 150;
        float min = Values.Min(),
            max = Values.Max();
        float range = max > min ? max - min : 1;
        var points = new StringBuilder();
        for (int i = 0; i < Count; i++)
            points.Append(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{i * (width - 1.0) / (Count - 1):0.#},{height - 1 - (Values[i] - min) / range * (height - 2):0.#} "
                )
            );
        return $"<svg width=\"{width}\" height=\"{height}\"><polyline fill=\"none\" stroke=\"steelblue\" points=\"{points}\"/></svg>";
    }

    private Series Part(int start, int count, string part) =>
        new(
            $"{Name} ({part})",
            Units,
            Dates.Skip(start).Take(count).ToArray(),
            Values[start..(start + count)],
            Frequency,
            Source
        );

    private static List<DateOnly> FindMissing(IReadOnlyList<DateOnly> dates, Frequency frequency)
    {
        var missing = new List<DateOnly>();
        for (int i = 1; i < dates.Count; i++)
        for (var d = frequency.Next(dates[i - 1]); d < dates[i]; d = frequency.Next(d))
            missing.Add(d);
        return missing;
    }
}
