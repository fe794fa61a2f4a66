using LstmLab.Data;
using LstmLab.Forecasting;
using LstmLab.Tensors;

namespace LstmLab.Tests.Forecasting;

public class RollingOriginTests
{
    private static Series Monthly(float[] values) =>
        new(
            "test",
            "ppm",
            [.. values.Select((_, i) => new DateOnly(2000, 1, 1).AddMonths(i))],
            values,
            Frequency.Monthly,
            "memory"
        );

    // Predicts each window's newest value again: a persistence "model" in model values.
    private static Tensor RepeatNewest(Tensor x)
    {
        int n = x.Shape[0],
            lookback = x.Shape[1];
        var y = new Tensor(n, 1);
        for (int i = 0; i < n; i++)
            y.Data[i] = x.Data[i * lookback + lookback - 1];
        return y;
    }

    [Fact]
    public void Every_test_step_is_an_origin_that_knows_only_its_past()
    {
        float[] values = [0, 2, 1, 3, 2, 4, 3, 5, 4, 6];
        var transform = new ForecastTransform(Monthly(values), 6, new MinMaxScaler(), false);

        var forecast = RollingOrigin.Forecast(
            "repeat",
            transform,
            lookback: 3,
            horizon: 2,
            RepeatNewest
        );

        // Undifferenced, repeating the newest value is persistence: value[o - 1] for both steps.
        var persistence = Baselines.Persistence(values, 6, 2);
        Assert.Equal(6, forecast.FirstOrigin);
        Assert.Equal(4, forecast.Levels.Count);
        for (int i = 0; i < 4; i++)
            Assert.Equal(persistence.Levels[i], forecast.Levels[i], new Near(1e-5f));
    }

    [Fact]
    public void A_differenced_forecast_restarts_from_the_actual_value_before_each_origin()
    {
        float[] values = [0, 2, 1, 3, 2, 4, 3, 5, 4, 6];
        var transform = new ForecastTransform(Monthly(values), 6, new MinMaxScaler(), true);

        var forecast = RollingOrigin.Forecast(
            "repeat",
            transform,
            lookback: 3,
            horizon: 3,
            RepeatNewest
        );

        // The model repeats the newest change; levels add it up from value[o - 1].
        // Origin 6: the newest known change, into step 5, is +2 (2 → 4), from value[5] = 4.
        Assert.Equal([6f, 8f, 10f], forecast.Levels[0], new Near(1e-5f));
        // Origin 7: the change into step 6 is -1, from value[6] = 3, whatever origin 6 forecast.
        Assert.Equal([2f, 1f, 0f], forecast.Levels[1], new Near(1e-5f));
        // Origin 9 (change into step 8: -1, from value[8] = 4) forecasts past the end; only step 9 is scored.
        Assert.Equal(3f, forecast.Ahead(1, values.Length)[^1], 5);
        Assert.Equal(2, forecast.Ahead(3, values.Length).Length); // origins 6 and 7 reach step 8, 9
    }

    [Fact]
    public void Batched_recursion_matches_one_window_at_a_time()
    {
        var windows = new Tensor([0.1f, 0.5f, 0.9f, 0.3f, 0.2f, 0.8f], 2, 3, 1);
        static Tensor Mix(Tensor x)
        {
            var y = new Tensor(x.Shape[0], 1);
            for (int i = 0; i < x.Shape[0]; i++)
                y.Data[i] = 0.5f * x.Data[i * 3] + 0.25f * x.Data[i * 3 + 2];
            return y;
        }

        var both = RecursiveForecast.Run(Mix, windows, steps: 4);

        for (int w = 0; w < 2; w++)
        {
            var one = RecursiveForecast.Run(
                Mix,
                new Tensor(windows.Data[(3 * w)..(3 * w + 3)], 1, 3, 1),
                4
            );
            Assert.Equal(one[0], both[w]);
        }
        Assert.Equal(0.5 * 0.1 + 0.25 * 0.9, both[0][0], 6);
        Assert.Equal(0.5 * 0.5 + 0.25 * both[0][0], both[0][1], 6); // the prediction became the newest input
    }

    private sealed class Near(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
