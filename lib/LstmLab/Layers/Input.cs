using LstmLab.Tensors;

namespace LstmLab.Layers;

/// <summary>
/// Declares the shape of one input item (no batch axis) as the first entry of a model,
/// like Keras's <c>Input(shape=(28, 28))</c>, so the model can be built and summarized before training.
/// Steps given as 0 mean "any number of steps" (Keras's None): <c>new Input(0, 65)</c> takes (B, T, 65) for any T.
/// </summary>
public sealed class Input(params int[] shape) : Layer
{
    /// <summary>The shape of one item.</summary>
    public int[] Shape { get; } = (int[])shape.Clone();

    internal override bool AnySteps => Shape.Length >= 2 && Shape[0] == 0;

    internal override string Kind => "input";

    // "shape=28x28" (0: any number of steps), read back by LayerFactory.
    internal override string Describe() => "shape=" + string.Join("x", Shape);

    protected override int[] OnBuild(int[] inputShape, Random init) => inputShape;

    public override Tensor Forward(Tensor input, bool training)
    {
        CheckInput(input);
        return input;
    }

    public override Tensor Backward(Tensor outputGradient) => outputGradient;
}
