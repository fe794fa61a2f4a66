using LstmLab.Tensors;

namespace LstmLab.Data;

/// <summary>Sliding windows over a series, the supervised form a forecaster trains on.</summary>
public static class Windows
{
    /// <summary>
    /// Every window of <paramref name="lookback"/> values followed by the next
    /// <paramref name="horizon"/> values: X (N, lookback, 1) and Y (N, horizon) with
    /// N = length - lookback - horizon + 1. Window i covers values[i .. i+lookback-1] and
    /// predicts values[i+lookback .. i+lookback+horizon-1].
    /// </summary>
    public static LabelledData Make(ReadOnlySpan<float> values, int lookback, int horizon = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lookback);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        int n = values.Length - lookback - horizon + 1;
        if (n <= 0)
            throw new ArgumentException(
                $"A series of {values.Length} values has no window of lookback {lookback} + horizon {horizon}."
            );
        var x = new Tensor(n, lookback, 1);
        var y = new Tensor(n, horizon);
        for (int i = 0; i < n; i++)
        {
            values.Slice(i, lookback).CopyTo(x.Data.AsSpan(i * lookback, lookback));
            values.Slice(i + lookback, horizon).CopyTo(y.Data.AsSpan(i * horizon, horizon));
        }
        return new LabelledData(x, y);
    }
}
