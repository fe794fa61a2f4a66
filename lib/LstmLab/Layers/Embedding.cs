using LstmLab.Kernels;
using LstmLab.Tensors;

namespace LstmLab.Layers;

/// <summary>
/// Maps token ids (B, T) to vectors (B, T, D): row id of <c>weight</c> (vocab, D), as PyTorch's nn.Embedding.
/// Ids are whole numbers stored as floats, 0 ≤ id &lt; vocab.
/// </summary>
public sealed class Embedding : Layer
{
    private Parameter weight = null!;
    private Tensor? input;
    private Tensor? output;
    private Tensor? inputGradient;

    /// <summary>An embedding of <paramref name="inputDim"/> tokens into vectors of <paramref name="outputDim"/> values (Keras's names).</summary>
    public Embedding(int inputDim, int outputDim)
    {
        if (inputDim <= 0 || outputDim <= 0)
            throw new ArgumentOutOfRangeException(
                nameof(inputDim),
                $"Embedding needs a positive vocabulary and dimension, got ({inputDim}, {outputDim})."
            );
        InputDim = inputDim;
        OutputDim = outputDim;
    }

    /// <summary>The vocabulary size.</summary>
    public int InputDim { get; }

    /// <summary>The size of each vector.</summary>
    public int OutputDim { get; }

    internal override bool AnySteps => true;

    internal override string Kind => "embedding";

    internal override string Describe() => $"vocab={InputDim}, dim={OutputDim}";

    protected override int[] OnBuild(int[] inputShape, Random init)
    {
        if (inputShape.Length != 1)
            throw new ShapeMismatchException(
                $"Embedding layer '{Name}' takes (steps) token ids per item, got {BatchShape(inputShape)}."
            );
        weight = AddParameter("weight", InputDim, OutputDim);
        Initializers.Uniform(weight.Value.Span, -0.05, 0.05, init); // Keras's default
        return [inputShape[0], OutputDim];
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        CheckInput(input);
        this.input = input;
        int d = OutputDim;
        output = Reuse(output, input.Shape[0], input.Shape[1], d);
        var ids = input.Span;
        for (int n = 0; n < ids.Length; n++)
            weight
                .Value.Span.Slice(TokenAt(ids, n, input.Shape[1]) * d, d)
                .CopyTo(output.Span.Slice(n * d, d));
        return output;
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        int d = OutputDim;
        var ids = input!.Span;
        var dWeight = weight.Gradient.Span;
        for (int n = 0; n < ids.Length; n++)
        {
            var row = dWeight.Slice((int)ids[n] * d, d);
            Elementwise.Add(row, outputGradient.Span.Slice(n * d, d), row);
        }
        // ids are not differentiable: their gradient is zero
        inputGradient = Reuse(inputGradient, input.Shape);
        return inputGradient;
    }

    private int TokenAt(ReadOnlySpan<float> ids, int n, int steps)
    {
        float id = ids[n];
        if (!(id >= 0 && id < InputDim) || id != MathF.Floor(id))
            throw new ArgumentOutOfRangeException(
                nameof(ids),
                $"Embedding layer '{Name}': token id {id} at {RowName?.Invoke(n / steps) ?? $"sequence {n / steps}"}, step {n % steps} "
                    + $"is not a whole number in [0, {InputDim})."
            );
        return (int)id;
    }
}
