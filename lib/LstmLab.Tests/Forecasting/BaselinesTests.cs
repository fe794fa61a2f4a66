using LstmLab.Forecasting;

namespace LstmLab.Tests.Forecasting;

public class BaselinesTests
{
    private static readonly float[] Values = [1, 2, 3, 4, 5, 6, 7];

    [Fact]
    public void Persistence_repeats_the_last_known_value_at_every_horizon()
    {
        var forecast = Baselines.Persistence(Values, firstOrigin: 4, horizon: 2);

        Assert.Equal(4, forecast.FirstOrigin);
        Assert.Equal(
            [
                [4f, 4f],
                [5f, 5f],
                [6f, 6f],
            ],
            forecast.Levels
        );
        Assert.Equal([4f, 5f, 6f], forecast.Ahead(1, Values.Length)); // for steps 4, 5, 6
        Assert.Equal([4f, 5f], forecast.Ahead(2, Values.Length)); // for steps 5, 6
    }

    [Fact]
    public void Seasonal_naive_repeats_the_last_known_season()
    {
        float[] values = [10, 20, 30, 11, 21, 31, 12];

        var forecast = Baselines.SeasonalNaive(values, firstOrigin: 4, horizon: 4, season: 3);

        // Origin 4 knows steps 0..3; its last season is steps 1..3 (20, 30, 11), then repeats.
        Assert.Equal([20f, 30f, 11f, 20f], forecast.Levels[0]);
        // Origin 6 knows steps 0..5; its last season is steps 3..5.
        Assert.Equal([11f, 21f, 31f, 11f], forecast.Levels[2]);
        Assert.Equal("seasonal naive (3)", forecast.Name);
    }

    [Fact]
    public void An_origin_before_one_full_season_is_an_error()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Baselines.SeasonalNaive(Values, firstOrigin: 2, horizon: 1, season: 3)
        );
        Assert.Contains("season 3 of 7 values can start at steps 3..6, got 2", e.Message);
    }
}
