using LstmLab.Forecasting;

namespace LstmLab.Tests.Forecasting;

public class BaselinesTests
{
    private static readonly float[] Values = [1, 2, 3, 4, 5, 6, 7];

    [Fact]
    public void Naive_persistence_predicts_each_step_with_the_step_before()
    {
        Assert.Equal([4f, 5f, 6f], Baselines.Naive(Values, start: 4));
    }

    [Fact]
    public void Seasonal_naive_predicts_each_step_with_the_step_one_season_earlier()
    {
        Assert.Equal([2f, 3f, 4f], Baselines.SeasonalNaive(Values, start: 4, season: 3));
    }

    [Fact]
    public void A_start_before_one_full_season_is_an_error()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Baselines.SeasonalNaive(Values, start: 2, season: 3)
        );
        Assert.Contains("season 3 of 7 values can start at steps 3..7, got 2", e.Message);
    }
}
