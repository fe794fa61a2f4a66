using LstmLab.Kernels;
using LstmLab.Tensors;

namespace LstmLab.Layers;

/// <summary>Sets a random fraction of the values to zero during training and scales the rest by 1 / (1 - rate).</summary>
public sealed class Dropout : Layer
{
    private float[] mask = [];
    private Tensor? output;
    private Tensor? inputGradient;
    private bool applied;

    /// <summary>Drops <paramref name="rate"/> of the values during training; does nothing at inference.</summary>
    public Dropout(double rate)
    {
        Lstm.CheckRate(rate, nameof(rate));
        Rate = rate;
    }

    /// <summary>The fraction of values dropped.</summary>
    public double Rate { get; }

    internal override bool AnySteps => InputShape.Length >= 2;

    internal override string Kind => "dropout";

    internal override string Describe() => FormattableString.Invariant($"rate={Rate}");

    protected override int[] OnBuild(int[] inputShape, Random init) => inputShape;

    public override Tensor Forward(Tensor input, bool training)
    {
        CheckInput(input);
        applied = training && Rate > 0;
        if (!applied)
            return input;
        if (mask.Length != input.Length)
            mask = new float[input.Length];
        Masks.Fill(mask, Rate, Random);
        output = Reuse(output, input.Shape);
        Elementwise.Multiply(input.Span, mask, output.Span);
        return output;
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        if (!applied)
            return outputGradient;
        inputGradient = Reuse(inputGradient, outputGradient.Shape);
        Elementwise.Multiply(outputGradient.Span, mask, inputGradient.Span);
        return inputGradient;
    }
}
