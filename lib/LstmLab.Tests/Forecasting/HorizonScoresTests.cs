using LstmLab.Data;
using LstmLab.Forecasting;

namespace LstmLab.Tests.Forecasting;

public class HorizonScoresTests
{
    // Training part 0..3: one-step changes 2, 1, 3 → persistence's in-sample MAE is 2.
    private static readonly float[] Values = [0, 2, 3, 6, 7, 9, 8];

    private static Series Daily(float[] values) =>
        new(
            "test",
            "°C",
            [.. values.Select((_, i) => new DateOnly(1981, 1, 1).AddDays(i))],
            values,
            Frequency.Daily,
            "memory"
        );

    [Fact]
    public void Mase_divides_the_mae_by_persistences_training_mae()
    {
        Assert.Equal(2, HorizonScores.NaiveScale(Values, trainCount: 4));
        var persistence = Baselines.Persistence(Values, firstOrigin: 4, horizon: 2);

        var scores = new HorizonScores(Daily(Values), trainCount: 4, persistence);

        // One step ahead: forecasts 6, 7, 9 for 7, 9, 8: errors -1, -2, 1.
        var one = scores["persistence", 1];
        Assert.Equal(3, one.Count);
        Assert.Equal(4.0 / 3, one.Mae, 12);
        Assert.Equal(Math.Sqrt(6.0 / 3), one.Rmse, 12);
        Assert.Equal(4.0 / 3 / 2, one.Mase, 12);
        // Two steps ahead: forecasts 6, 7 for 9, 8: errors -3, -1.
        var two = scores["persistence", 2];
        Assert.Equal(2, two.Count);
        Assert.Equal(2, two.Mae, 12);
        Assert.Equal(1, two.Mase, 12);
        Assert.Contains("2 days ahead:", scores.ToString());
        Assert.Contains(">1 day</td>", scores.ToHtml());
    }

    [Fact]
    public void The_lowest_mase_is_the_best_at_each_horizon()
    {
        var persistence = Baselines.Persistence(Values, 4, 2);
        var perfect = new RollingForecast(
            "perfect",
            4,
            [
                [7, 9],
                [9, 8],
                [8, 0],
            ]
        );

        var scores = new HorizonScores(Daily(Values), 4, persistence, perfect);

        Assert.Equal(0, scores["perfect", 1].Mase);
        Assert.Equal(0, scores["perfect", 2].Mase); // the 0 past the end is not scored
        Assert.Equal("perfect", scores.Best(2).Name);
        var e = Assert.Throws<KeyNotFoundException>(() => scores["LSTM", 1]);
        Assert.Contains("the forecasts are: persistence, perfect", e.Message);
    }

    [Fact]
    public void Forecasts_of_different_horizons_are_an_error()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new HorizonScores(
                Daily(Values),
                4,
                Baselines.Persistence(Values, 4, 2),
                Baselines.Persistence(Values, 4, 3, "three")
            )
        );
        Assert.Contains("'persistence' (2 steps), 'three' (3 steps)", e.Message);
    }
}
