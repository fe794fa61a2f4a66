using LstmLab.Forecasting;

namespace LstmLab.Tests.Forecasting;

public class ForecastScoresTests
{
    [Fact]
    public void Errors_are_in_the_series_units_and_the_lowest_rmse_is_best()
    {
        float[] actual = [1, 2, 3, 4];
        var scores = new ForecastScores(
            actual,
            "ppm",
            ("off by 2", new float[] { 3, 4, 5, 6 }),
            ("mixed", new float[] { 1, 2, 3, 0 })
        );

        var offBy2 = scores["off by 2"];
        Assert.Equal(4, offBy2.Mse, 12);
        Assert.Equal(2, offBy2.Rmse, 12);
        Assert.Equal(2, offBy2.Mae, 12);
        var mixed = scores["mixed"];
        Assert.Equal(4, mixed.Mse, 12); // (0 + 0 + 0 + 16) / 4
        Assert.Equal(1, mixed.Mae, 12);
        Assert.Equal("off by 2", scores.Best.Name); // ties keep the first
        Assert.Contains("RMSE (ppm)", scores.ToHtml());
    }

    [Fact]
    public void An_unknown_name_lists_the_forecasts()
    {
        var scores = new ForecastScores(new float[] { 1 }, "", ("a", new float[] { 1 }));
        var e = Assert.Throws<KeyNotFoundException>(() => scores["b"]);
        Assert.Contains("the forecasts are: a", e.Message);
    }

    [Fact]
    public void A_forecast_of_another_length_is_an_error()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            ForecastScores.Score("short", new float[] { 1, 2 }, new float[] { 1 })
        );
        Assert.Contains("'short' has 1 values for 2 actual values", e.Message);
    }

    [Fact]
    public void Years_are_fractions_of_the_calendar_year()
    {
        double[] years = TimeAxis.Years([
            new DateOnly(1960, 1, 1),
            new DateOnly(1960, 7, 1),
            new DateOnly(1961, 1, 1),
        ]);
        Assert.Equal(1960, years[0], 12);
        Assert.Equal(1960 + 182 / 366.0, years[1], 12);
        Assert.Equal(1961, years[2], 12);
    }
}
