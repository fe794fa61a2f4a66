using System.Runtime.CompilerServices;
using LstmLab.Layers;

namespace LstmLab.Kernels;

/// <summary>
/// Forward and backward of the <see cref="Activation"/> functions over rows of width <c>width</c>.
/// The backward pass uses the forward output y (not z), as each derivative is a function of y.
/// </summary>
internal static class Activations
{
    /// <summary>y = act(z); z and y are (rows, width) and may be the same span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(
        Activation activation,
        ReadOnlySpan<float> z,
        Span<float> y,
        int width
    )
    {
        switch (activation)
        {
            case Activation.None:
                z.CopyTo(y);
                break;
            case Activation.Relu:
                for (int i = 0; i < z.Length; i++)
                    y[i] = z[i] > 0 ? z[i] : 0;
                break;
            case Activation.Tanh:
                for (int i = 0; i < z.Length; i++)
                    y[i] = MathF.Tanh(z[i]);
                break;
            case Activation.Sigmoid:
                for (int i = 0; i < z.Length; i++)
                    y[i] = Sigmoid(z[i]);
                break;
            case Activation.Softmax:
                for (int row = 0; row < z.Length; row += width)
                    Softmax(z.Slice(row, width), y.Slice(row, width));
                break;
        }
    }

    /// <summary>dz = dy · act'(z), written with y = act(z); all spans (rows, width).</summary>
    public static void Backward(
        Activation activation,
        ReadOnlySpan<float> y,
        ReadOnlySpan<float> dy,
        Span<float> dz,
        int width
    )
    {
        switch (activation)
        {
            case Activation.None:
                dy.CopyTo(dz);
                break;
            case Activation.Relu:
                for (int i = 0; i < y.Length; i++)
                    dz[i] = y[i] > 0 ? dy[i] : 0;
                break;
            case Activation.Tanh:
                for (int i = 0; i < y.Length; i++)
                    dz[i] = dy[i] * (1 - y[i] * y[i]);
                break;
            case Activation.Sigmoid:
                for (int i = 0; i < y.Length; i++)
                    dz[i] = dy[i] * y[i] * (1 - y[i]);
                break;
            case Activation.Softmax:
                // dz_j = y_j (dy_j - Σ_k dy_k y_k)
                for (int row = 0; row < y.Length; row += width)
                {
                    var yr = y.Slice(row, width);
                    var dyr = dy.Slice(row, width);
                    double dot = 0;
                    for (int j = 0; j < width; j++)
                        dot += dyr[j] * yr[j];
                    for (int j = 0; j < width; j++)
                        dz[row + j] = yr[j] * (dyr[j] - (float)dot);
                }
                break;
        }
    }

    /// <summary>1 / (1 + e^-x), without overflow for large |x|.</summary>
    public static float Sigmoid(float x) =>
        x >= 0 ? 1 / (1 + MathF.Exp(-x)) : MathF.Exp(x) / (1 + MathF.Exp(x));

    /// <summary>y = softmax(z) for one row, shifted by the maximum for stability.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Softmax(ReadOnlySpan<float> z, Span<float> y)
    {
        float max = float.NegativeInfinity;
        foreach (float v in z)
            max = MathF.Max(max, v);
        double sum = 0;
        for (int j = 0; j < z.Length; j++)
        {
            y[j] = MathF.Exp(z[j] - max);
            sum += y[j];
        }
        float inv = (float)(1 / sum);
        for (int j = 0; j < z.Length; j++)
            y[j] *= inv;
    }
}
