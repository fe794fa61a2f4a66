using LstmLab.Data;
using LstmLab.Forecasting;

namespace LstmLab.Tests.Forecasting;

public class GapFillingTests
{
    private static Series Monthly(params (int Year, int Month, float Value)[] points) =>
        new(
            "test",
            "ppm",
            [.. points.Select(p => new DateOnly(p.Year, p.Month, 1))],
            [.. points.Select(p => p.Value)],
            Frequency.Monthly,
            "memory"
        );

    [Fact]
    public void Missing_months_get_values_on_the_line_between_their_neighbours()
    {
        var series = Monthly((2000, 1, 10), (2000, 4, 40), (2000, 5, 50));
        Assert.Equal(2, series.MissingDates.Count);

        var fill = GapFilling.Interpolate(series);

        Assert.Empty(fill.Series.MissingDates);
        Assert.Equal([10f, 20f, 30f, 40f, 50f], fill.Series.Values);
        Assert.Equal(
            [
                new FilledValue(new DateOnly(2000, 2, 1), 20f),
                new FilledValue(new DateOnly(2000, 3, 1), 30f),
            ],
            fill.Filled
        );
        Assert.Equal(Frequency.Monthly, fill.Series.Frequency);
        Assert.Contains("2 missing dates interpolated", fill.Series.Source);
        Assert.Contains("2000-02-01 = 20", fill.ToString());
        Assert.Contains(">2000-03-01</td>", fill.ToHtml());
    }

    [Fact]
    public void A_series_without_gaps_comes_back_as_it_was()
    {
        var series = Monthly((2000, 1, 1), (2000, 2, 2));
        var fill = GapFilling.Interpolate(series);
        Assert.Same(series, fill.Series);
        Assert.Empty(fill.Filled);
        Assert.Contains("nothing filled", fill.ToString());
    }

    [Fact]
    public void The_five_missing_co2_months_are_filled_between_their_neighbours()
    {
        var co2 = TimeSeries.Load("co2");
        var fill = GapFilling.Interpolate(co2);
        Assert.Equal(co2.MissingDates, fill.Filled.Select(f => f.Date));
        Assert.Equal(co2.Count + co2.MissingDates.Count, fill.Series.Count);
        Assert.Empty(fill.Series.MissingDates);
        var dates = fill.Series.Dates.ToList();
        foreach (var f in fill.Filled)
        {
            int i = dates.IndexOf(f.Date);
            float before = fill.Series.Values[i - 1];
            float after = fill.Series.Values[i + 1];
            Assert.InRange(f.Value, Math.Min(before, after), Math.Max(before, after));
        }
    }
}
