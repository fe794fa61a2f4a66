using System.Globalization;
using LstmLab.Data;
using LstmLab.Display;

namespace LstmLab.Forecasting;

/// <summary>One value that <see cref="GapFilling.Interpolate"/> put in a gap of a series.</summary>
/// <param name="Date">The date the series lacked.</param>
/// <param name="Value">The interpolated value.</param>
public readonly record struct FilledValue(DateOnly Date, float Value);

/// <summary>
/// A series with its gaps filled, and the list of what was filled, so that a notebook shows
/// which values are made up rather than hiding them.
/// </summary>
/// <param name="Series">The complete series: one value for every date from the first to the last.</param>
/// <param name="Filled">The values that were not in the data, in date order.</param>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed record GapFill(Series Series, IReadOnlyList<FilledValue> Filled) : IHtmlRenderable
{
    /// <inheritdoc/>
    public override string ToString() =>
        Filled.Count == 0
            ? $"{Series.Name}: no missing dates, nothing filled."
            : $"{Series.Name}: {Filled.Count} missing dates filled by linear interpolation: "
                + string.Join(", ", Filled.Select(Describe));

    /// <inheritdoc/>
    public string ToHtml() =>
        Filled.Count == 0
            ? $"<p>{System.Net.WebUtility.HtmlEncode(ToString())}</p>"
            : new HtmlTable(
                ["date", $"interpolated value ({Series.Units})"],
                Filled.Select(f => new object?[] { f.Date.ToString("yyyy-MM-dd"), (double)f.Value })
            )
            {
                Caption =
                    $"{Series.Name}: {Filled.Count} missing dates filled by linear interpolation",
                NumberFormat = "0.###",
            }.ToHtml();

    private static string Describe(FilledValue f) =>
        string.Create(CultureInfo.InvariantCulture, $"{f.Date:yyyy-MM-dd} = {f.Value:0.###}");
}

/// <summary>Fills the dates a regular series lacks, explicitly, before it is cut into windows.</summary>
public static class GapFilling
{
    /// <summary>
    /// Puts a value at every date listed in <see cref="Series.MissingDates"/>, on the straight
    /// line between the values before and after the gap, spaced by steps of the series'
    /// frequency: a gap of m dates between a and b gets a + (b - a)·k/(m + 1) for k = 1..m.
    /// A window-based model needs equally spaced steps; dropping the missing dates instead
    /// would join values a month apart as if they were neighbours.
    /// </summary>
    public static GapFill Interpolate(Series series)
    {
        if (series.MissingDates.Count == 0)
            return new GapFill(series, []);
        var dates = new List<DateOnly>(series.Count + series.MissingDates.Count);
        var values = new List<float>(dates.Capacity);
        var filled = new List<FilledValue>(series.MissingDates.Count);
        for (int i = 0; i < series.Count; i++)
        {
            if (i > 0)
            {
                var gap = Between(series.Dates[i - 1], series.Dates[i], series.Frequency);
                float before = series.Values[i - 1],
                    after = series.Values[i];
                for (int k = 0; k < gap.Count; k++)
                {
                    float value = before + (after - before) * (k + 1) / (gap.Count + 1);
                    dates.Add(gap[k]);
                    values.Add(value);
                    filled.Add(new FilledValue(gap[k], value));
                }
            }
            dates.Add(series.Dates[i]);
            values.Add(series.Values[i]);
        }
        var complete = new Series(
            series.Name,
            series.Units,
            dates,
            [.. values],
            series.Frequency,
            $"{series.Source}, {filled.Count} missing dates interpolated"
        );
        return new GapFill(complete, filled);
    }

    private static List<DateOnly> Between(DateOnly first, DateOnly last, Frequency frequency)
    {
        var gap = new List<DateOnly>();
        for (var d = frequency.Next(first); d < last; d = frequency.Next(d))
            gap.Add(d);
        return gap;
    }
}
