using LstmLab.Data;
using LstmLab.Tensors;

namespace LstmLab.Tests.Data;

public class ScalerAndWindowTests
{
    [Fact]
    public void MinMax_maps_the_training_range_to_0_1_and_back()
    {
        var scaler = new MinMaxScaler().Fit([2f, 4f, 6f]);
        Assert.Equal([0f, 0.5f, 1f, 2f], scaler.Transform([2f, 4f, 6f, 10f]));
        Assert.Equal([2f, 10f], scaler.InverseTransform([0f, 2f]));
    }

    [Fact]
    public void Standard_scaler_uses_the_population_std_of_the_training_part()
    {
        var scaler = new StandardScaler().Fit([1f, 3f]); // mean 2, std 1
        Assert.Equal([-1f, 1f, 3f], scaler.Transform([1f, 3f, 5f]));
        var predictions = new Tensor([0f, 1f], 2, 1);
        var back = scaler.InverseTransform(predictions);
        Assert.Equal([2, 1], back.Shape);
        Assert.Equal([2f, 3f], back.Data);
    }

    [Fact]
    public void Constant_training_values_do_not_divide_by_zero()
    {
        var scaler = new MinMaxScaler().Fit([5f, 5f]);
        Assert.Equal([0f, 1f], scaler.Transform([5f, 6f]));
    }

    [Fact]
    public void Transform_before_fit_is_an_error()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            new StandardScaler().Transform([1f])
        );
        Assert.Contains("StandardScaler: call Fit", e.Message);
    }

    [Fact]
    public void Windows_have_lookback_steps_of_one_feature_and_horizon_targets()
    {
        float[] values = [0, 1, 2, 3, 4, 5];
        var (x, y) = Windows.Make(values, lookback: 3, horizon: 2);
        Assert.Equal([2, 3, 1], x.Shape);
        Assert.Equal([2, 2], y.Shape);
        Assert.Equal([1f, 2f, 3f], x.Data[3..6]);
        Assert.Equal([4f, 5f], y.Data[2..4]);
    }

    [Fact]
    public void A_series_too_short_for_one_window_is_an_error()
    {
        var e = Assert.Throws<ArgumentException>(() => Windows.Make([1f, 2f], 2, 1));
        Assert.Contains("2 values has no window of lookback 2 + horizon 1", e.Message);
    }
}
