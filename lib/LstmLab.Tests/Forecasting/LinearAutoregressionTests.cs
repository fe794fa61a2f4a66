using LstmLab.Data;
using LstmLab.Forecasting;
using LstmLab.Tensors;

namespace LstmLab.Tests.Forecasting;

public class LinearAutoregressionTests
{
    // Windows of lookback p over values, each followed by its target: X (N, p, 1), Y (N, 1).
    private static LabelledData Windows(float[] values, int p) =>
        LstmLab.Data.Windows.Make(values, p, horizon: 1);

    [Fact]
    public void Recovers_the_coefficients_of_a_noise_free_ar2()
    {
        // x[t] = 0.5 + 0.3·x[t-2] + 0.6·x[t-1], from two starting values: an exact AR(2).
        var values = new float[40];
        values[0] = 1;
        values[1] = -0.5f;
        for (int t = 2; t < values.Length; t++)
            values[t] = 0.5f + 0.3f * values[t - 2] + 0.6f * values[t - 1];

        var ar = LinearAutoregression.Fit(Windows(values, 2));

        Assert.Equal(0.5, ar.Intercept, 4);
        Assert.Equal(0.3, ar.Coefficients[0], 4);
        Assert.Equal(0.6, ar.Coefficients[1], 4);
        var next = ar.Predict(new Tensor([2f, 3f], 1, 2, 1));
        Assert.Equal(0.5f + 0.3f * 2 + 0.6f * 3, next.Data[0], 4);
    }

    [Fact]
    public void Matches_the_textbook_least_squares_line_for_one_lag()
    {
        // Pairs (x[t-1], x[t]): (1, 3), (3, 2), (2, 5), (5, 4). Slope = Sxy / Sxx, intercept = ȳ - slope·x̄.
        float[] values = [1, 3, 2, 5, 4];
        double[] x = [1, 3, 2, 5],
            y = [3, 2, 5, 4];
        double mx = x.Average(),
            my = y.Average();
        double slope =
            x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my)) / x.Sum(v => (v - mx) * (v - mx));

        var ar = LinearAutoregression.Fit(Windows(values, 1));

        Assert.Equal(slope, ar.Coefficients[0], 10);
        Assert.Equal(my - slope * mx, ar.Intercept, 10);
        Assert.Equal(0.5 / 8.75, slope, 12); // by hand: Sxy = 0.5, Sxx = 8.75
    }

    [Fact]
    public void Too_few_or_dependent_windows_are_errors()
    {
        var few = Assert.Throws<ArgumentException>(() =>
            LinearAutoregression.Fit(Windows([1, 2, 3, 4], 3))
        );
        Assert.Contains(
            "AR(3) with an intercept has 4 unknowns; 1 windows are too few",
            few.Message
        );
        // A straight line: every window is the constant plus a multiple of the first one.
        var line = Enumerable.Range(0, 20).Select(i => (float)i).ToArray();
        var dependent = Assert.Throws<ArgumentException>(() =>
            LinearAutoregression.Fit(Windows(line, 2))
        );
        Assert.Contains("linearly dependent", dependent.Message);
    }
}
