using LstmLab.Layers;

namespace LstmLab.Optimizers;

/// <summary>Stochastic gradient descent, with optional momentum in PyTorch's form: b = μ b + g, p -= lr b.</summary>
public sealed class Sgd(
    double learningRate = 0.01,
    double momentum = 0,
    double? clipNorm = null,
    double? clipValue = null,
    double? globalClipNorm = null
) : Optimizer(learningRate, clipNorm, clipValue, globalClipNorm)
{
    private readonly Dictionary<Parameter, float[]> velocities = [];

    /// <summary>μ, the momentum (0 for plain SGD).</summary>
    public double Momentum { get; } = momentum;

    internal override IEnumerable<(string Slot, float[] Values)> Slots(Parameter parameter) =>
        Momentum == 0 ? [] : [("velocity", Velocity(parameter))];

    private float[] Velocity(Parameter parameter)
    {
        if (!velocities.TryGetValue(parameter, out var b))
            velocities[parameter] = b = new float[parameter.Value.Length];
        return b;
    }

    protected override void Update(Parameter parameter, int step)
    {
        var p = parameter.Value.Span;
        var g = parameter.Gradient.Span;
        float lr = (float)LearningRate;
        if (Momentum == 0)
        {
            for (int i = 0; i < p.Length; i++)
                p[i] -= lr * g[i];
            return;
        }
        var b = Velocity(parameter);
        float mu = (float)Momentum;
        for (int i = 0; i < p.Length; i++)
        {
            b[i] = step == 1 ? g[i] : mu * b[i] + g[i];
            p[i] -= lr * b[i];
        }
    }
}
