using LstmLab.Tensors;

namespace LstmLab.Data;

/// <summary>
/// Rescales values for training and back for reading predictions. Fit on the training part
/// only, so that nothing about the test part leaks into the model's inputs.
/// </summary>
public abstract class Scaler
{
    private bool fitted;

    /// <summary>Learns the scale from <paramref name="values"/> (the training part); returns this.</summary>
    public Scaler Fit(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
            throw new ArgumentException("A scaler cannot be fitted on no values.", nameof(values));
        (Offset, Scale) = Learn(values);
        fitted = true;
        return this;
    }

    /// <summary>(value - offset) / scale for each value.</summary>
    public float[] Transform(ReadOnlySpan<float> values)
    {
        CheckFitted();
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
            result[i] = (values[i] - Offset) / Scale;
        return result;
    }

    /// <summary>value * scale + offset for each value: back to the original units.</summary>
    public float[] InverseTransform(ReadOnlySpan<float> values)
    {
        CheckFitted();
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
            result[i] = values[i] * Scale + Offset;
        return result;
    }

    /// <summary>Transforms every value of a tensor; the shape is kept.</summary>
    public Tensor Transform(Tensor values) => new(Transform(values.Data), values.Shape);

    /// <summary>Inverse-transforms every value of a tensor (e.g. predictions (N, horizon)).</summary>
    public Tensor InverseTransform(Tensor values) =>
        new(InverseTransform(values.Data), values.Shape);

    /// <summary>Fit then transform.</summary>
    public float[] FitTransform(ReadOnlySpan<float> values) => Fit(values).Transform(values);

    /// <summary>What is subtracted before dividing by <see cref="Scale"/>.</summary>
    public float Offset { get; private set; }

    /// <summary>What the shifted value is divided by (1 for constant training values).</summary>
    public float Scale { get; private set; } = 1;

    /// <summary>The offset and scale learned from the training values.</summary>
    protected abstract (float Offset, float Scale) Learn(ReadOnlySpan<float> values);

    private void CheckFitted()
    {
        if (!fitted)
            throw new InvalidOperationException(
                $"{GetType().Name}: call Fit on the training values first."
            );
    }
}

/// <summary>Scales the training values to [0, 1]: (x - min) / (max - min), as scikit-learn's MinMaxScaler.</summary>
public sealed class MinMaxScaler : Scaler
{
    /// <inheritdoc/>
    protected override (float Offset, float Scale) Learn(ReadOnlySpan<float> values)
    {
        float min = float.PositiveInfinity,
            max = float.NegativeInfinity;
        foreach (float v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        return (min, max > min ? max - min : 1);
    }
}

/// <summary>Scales the training values to mean 0 and standard deviation 1: (x - mean) / std, as scikit-learn's StandardScaler.</summary>
public sealed class StandardScaler : Scaler
{
    /// <inheritdoc/>
    protected override (float Offset, float Scale) Learn(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values)
            sum += v;
        double mean = sum / values.Length;
        double squares = 0;
        foreach (float v in values)
            squares += (v - mean) * (v - mean);
        double std = Math.Sqrt(squares / values.Length);
        return ((float)mean, std > 0 ? (float)std : 1);
    }
}
