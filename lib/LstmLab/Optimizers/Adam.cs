using LstmLab.Kernels;
using LstmLab.Layers;

namespace LstmLab.Optimizers;

/// <summary>
/// Adam (Kingma &amp; Ba 2015), in PyTorch's form:
/// m = β1 m + (1-β1) g, v = β2 v + (1-β2) g², p -= lr / (1-β1^t) · m / (sqrt(v / (1-β2^t)) + ε).
/// Defaults are Keras's (lr 0.001, ε 1e-7). Clipping arguments as Keras's: see <see cref="Optimizer"/>.
/// </summary>
public sealed class Adam(
    double learningRate = 0.001,
    double beta1 = 0.9,
    double beta2 = 0.999,
    double epsilon = 1e-7,
    double? clipNorm = null,
    double? clipValue = null,
    double? globalClipNorm = null
) : Optimizer(learningRate, clipNorm, clipValue, globalClipNorm)
{
    private readonly Dictionary<Parameter, (float[] M, float[] V)> moments = [];

    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; } = beta1;

    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; } = beta2;

    /// <summary>Added to the denominator for stability.</summary>
    public double Epsilon { get; } = epsilon;

    internal override IEnumerable<(string Slot, float[] Values)> Slots(Parameter parameter)
    {
        var (m, v) = Moments(parameter);
        return [("m", m), ("v", v)];
    }

    private (float[] M, float[] V) Moments(Parameter parameter)
    {
        if (!moments.TryGetValue(parameter, out var state))
            moments[parameter] = state = (
                new float[parameter.Value.Length],
                new float[parameter.Value.Length]
            );
        return state;
    }

    protected override void Update(Parameter parameter, int step)
    {
        var (m, v) = Moments(parameter);
        AdamUpdate.Run(
            parameter.Value.Data,
            parameter.Gradient.Data,
            m,
            v,
            new(
                (float)Beta1,
                (float)Beta2,
                (float)(LearningRate / (1 - Math.Pow(Beta1, step))),
                (float)Math.Sqrt(1 - Math.Pow(Beta2, step)),
                (float)Epsilon
            )
        );
    }
}
