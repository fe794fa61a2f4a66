using LstmLab.Data;
using LstmLab.Forecasting;
using LstmLab.Tensors;

namespace LstmLab.Tests.Forecasting;

public class ForecastTransformTests
{
    // A rising series: the test part (steps 6..9) lies above everything in the training part.
    private static readonly float[] Values = [0, 2, 1, 3, 2, 4, 3, 5, 4, 6];

    // Values as monthly data from 2000-01, with no missing dates.
    private static Series Monthly(float[] values) =>
        new(
            "test",
            "ppm",
            [.. values.Select((_, i) => new DateOnly(2000, 1, 1).AddMonths(i))],
            values,
            Frequency.Monthly,
            "memory"
        );

    [Fact]
    public void Without_differencing_the_scaler_sees_the_training_values_only()
    {
        var transform = new ForecastTransform(
            Monthly(Values),
            testStart: 6,
            new MinMaxScaler(),
            difference: false
        );
        Assert.Equal(0, transform.Scaler.Offset);
        Assert.Equal(4, transform.Scaler.Scale); // the training max is 4, not the series' 6
        Assert.Equal(1.5f, transform.ModelValues[^1]);
    }

    [Fact]
    public void Test_windows_predict_exactly_the_test_steps()
    {
        foreach (bool difference in new[] { false, true })
        {
            var transform = new ForecastTransform(
                Monthly(Values),
                testStart: 6,
                new MinMaxScaler(),
                difference
            );
            var windows = transform.Windows(lookback: 3);
            Assert.Equal(4, windows.Test.Count);
            // Perfect model outputs: the test targets themselves, turned back into levels.
            Assert.Equal(
                Values[6..],
                transform.OneStepLevels(windows.Test.Y),
                new FloatTolerance(1e-5f)
            );
            // No training target comes from the test part.
            Assert.Equal(6 - transform.Offset - 3, windows.Train.Count);
        }
    }

    [Fact]
    public void Differencing_fits_the_scaler_on_the_training_changes()
    {
        var transform = new ForecastTransform(
            Monthly(Values),
            testStart: 6,
            new MinMaxScaler(),
            difference: true
        );
        // Changes into steps 1..5: 2, -1, 2, -1, 2.
        Assert.Equal(-1, transform.Scaler.Offset);
        Assert.Equal(3, transform.Scaler.Scale);
        Assert.Equal(9, transform.ModelValues.Length);
        Assert.Equal([1f, 0f, 1f], transform.WindowBefore(origin: 6, lookback: 3));
        // Origin 8 knows the changes into steps 5, 6 and 7: +2, -1, +2.
        Assert.Equal([1f, 0f, 1f], transform.WindowBefore(origin: 8, lookback: 3));
        Assert.Equal([0f, 1f, 0f], transform.WindowBefore(origin: 9, lookback: 3));
    }

    [Fact]
    public void A_recursive_forecast_adds_the_predicted_changes_to_the_value_before_its_origin()
    {
        var transform = new ForecastTransform(
            Monthly(Values),
            testStart: 6,
            new MinMaxScaler(),
            difference: true
        );
        // Scaled changes of 1 (= +2) then 0 (= -1), past the end of the data too.
        Assert.Equal([6f, 5f, 7f], transform.RecursiveLevels([1f, 0f, 1f], origin: 6));
        // From a later origin, no matter what was forecast before: step 7 (value 5) is the last known.
        Assert.Equal([7f, 6f], transform.RecursiveLevels([1f, 0f], origin: 8));
        var levels = new ForecastTransform(
            Monthly(Values),
            testStart: 6,
            new MinMaxScaler(),
            difference: false
        );
        Assert.Equal([4f, 2f], levels.RecursiveLevels([1f, 0.5f], origin: 6));
    }

    [Fact]
    public void More_one_step_predictions_than_test_steps_is_an_error()
    {
        var transform = new ForecastTransform(
            Monthly(Values),
            testStart: 6,
            new MinMaxScaler(),
            difference: false
        );
        var e = Assert.Throws<ArgumentException>(() => transform.OneStepLevels(new Tensor(5, 1)));
        Assert.Contains("(5, 1) predictions for a test part of 4 steps", e.Message);
    }

    [Fact]
    public void A_series_with_missing_dates_is_refused_naming_the_first_gap()
    {
        var dates = Enumerable
            .Range(0, 10)
            .Select(i => new DateOnly(2000, 1, 1).AddMonths(i))
            .ToList();
        dates.RemoveAt(3); // 2000-04
        dates.RemoveAt(5); // 2000-07
        var gappy = new Series("gappy", "ppm", dates, Values[..8], Frequency.Monthly, "memory");

        var e = Assert.Throws<ArgumentException>(() =>
            new ForecastTransform(gappy, testStart: 6, new MinMaxScaler(), difference: false)
        );

        Assert.Contains("gappy has 2 missing dates, the first 2000-04", e.Message);
        Assert.Contains("GapFilling.Interpolate(series)", e.Message);
        var filled = GapFilling.Interpolate(gappy).Series;
        Assert.Equal(10, new ForecastTransform(filled, 6, new MinMaxScaler(), false).Count);
    }

    [Fact]
    public void Windows_split_where_the_test_part_starts()
    {
        float[] values = [0, 1, 2, 3, 4, 5, 6];
        var windows = ForecastWindows.Make(values, lookback: 2, testStart: 5);
        Assert.Equal([2f, 3f, 4f], windows.Train.Y.Data);
        Assert.Equal([5f, 6f], windows.Test.Y.Data);
        Assert.Equal([3f, 4f], windows.Test.X.Data[..2]); // the first test window reaches into the training part
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            ForecastWindows.Make(values, lookback: 5, testStart: 5)
        );
        Assert.Contains(
            "after the first window of lookback 5 and before the end: 6..6, got 5",
            e.Message
        );
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
