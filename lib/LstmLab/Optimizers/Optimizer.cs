using LstmLab.Kernels;
using LstmLab.Layers;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace LstmLab.Optimizers;

/// <summary>Updates parameters from their gradients; clips gradients first when asked to (Keras's arguments).</summary>
public abstract class Optimizer
{
    /// <summary>Creates an optimizer with the given learning rate.</summary>
    protected Optimizer(
        double learningRate,
        double? clipNorm,
        double? clipValue,
        double? globalClipNorm
    )
    {
        foreach (
            var (name, value) in new[]
            {
                ("clipNorm", clipNorm),
                ("clipValue", clipValue),
                ("globalClipNorm", globalClipNorm),
            }
        )
            if (value is double v && !(v > 0))
                throw new ArgumentOutOfRangeException(name, $"{name} must be positive, got {v}.");
        ClipNorm = clipNorm;
        ClipValue = clipValue;
        GlobalClipNorm = globalClipNorm;
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
            throw new ArgumentOutOfRangeException(
                nameof(learningRate),
                $"The learning rate must be a positive number, got {learningRate}."
            );
        LearningRate = learningRate;
    }

    /// <summary>The step size (callbacks such as ReduceLROnPlateau change it).</summary>
    public double LearningRate { get; set; }

    /// <summary>If set, each parameter's gradient is rescaled so its L2 norm is at most this (Keras clipnorm).</summary>
    public double? ClipNorm { get; }

    /// <summary>If set, all gradients together are rescaled so their joint L2 norm is at most this (Keras global_clipnorm, PyTorch clip_grad_norm_).</summary>
    public double? GlobalClipNorm { get; }

    /// <summary>If set, each gradient value is clipped to [-ClipValue, ClipValue] (Keras clipvalue).</summary>
    public double? ClipValue { get; }

    /// <summary>The number of updates made.</summary>
    public int Iterations { get; internal set; }

    /// <summary>The L2 norm of all gradients before clipping, at the last step.</summary>
    public double LastGradientNorm { get; private set; }

    /// <summary>Clips, updates every parameter, clears the gradients.</summary>
    public void Step(IReadOnlyList<Parameter> parameters)
    {
        Iterations++;
        double squares = 0;
        foreach (var p in parameters)
        {
            // a fixed-order sum, so clipping gives the same bits on every vector width
            double square = SumOfSquares.Of(p.Gradient.Span);
            double norm = Math.Sqrt(square);
            squares += square;
            if (ClipNorm is double clip && norm > clip)
                Elementwise.Multiply(p.Gradient.Span, (float)(clip / norm), p.Gradient.Span);
            if (ClipValue is double limit)
                TensorPrimitives.Clamp(
                    p.Gradient.Span,
                    (float)-limit,
                    (float)limit,
                    p.Gradient.Span
                );
        }
        LastGradientNorm = Math.Sqrt(squares);
        if (GlobalClipNorm is double global && LastGradientNorm > global)
            foreach (var p in parameters)
                Elementwise.Multiply(
                    p.Gradient.Span,
                    (float)(global / LastGradientNorm),
                    p.Gradient.Span
                );
        foreach (var p in parameters)
        {
            Update(p, Iterations);
            p.Gradient.Span.Clear();
        }
    }

    /// <summary>Applies one update to <paramref name="parameter"/> from its gradient; <paramref name="step"/> counts from 1.</summary>
    protected abstract void Update(Parameter parameter, int step);

    /// <summary>
    /// The optimizer's per-parameter state arrays by slot name ("m", "v", "velocity"), created as zeros if
    /// absent, for saving and restoring checkpoints.
    /// </summary>
    internal abstract IEnumerable<(string Slot, float[] Values)> Slots(Parameter parameter);
}
