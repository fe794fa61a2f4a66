using LstmLab.Kernels;
using LstmLab.Tensors;

namespace LstmLab.Layers;

/// <summary>
/// A fully connected layer: y = act(x · weightᵀ + bias), applied to the last axis
/// (so a (B, T, F) input gives (B, T, units), as Keras's Dense does).
/// Parameters as PyTorch's nn.Linear: <c>weight</c> (units, F), <c>bias</c> (units).
/// </summary>
public sealed class Dense : Layer
{
    private Parameter weight = null!;
    private Parameter bias = null!;
    private Tensor? input;
    private Tensor? preActivation;
    private Tensor? output;
    private Tensor? inputGradient;
    private Tensor? preActivationGradient;

    /// <summary>A dense layer of <paramref name="units"/> outputs followed by <paramref name="activation"/>.</summary>
    public Dense(int units, Activation activation = Activation.None)
    {
        if (units <= 0)
            throw new ArgumentOutOfRangeException(
                nameof(units),
                $"Dense needs at least one unit, got {units}."
            );
        Units = units;
        Activation = activation;
    }

    /// <summary>The number of outputs.</summary>
    public int Units { get; }

    /// <summary>The activation after the affine map.</summary>
    public Activation Activation { get; }

    internal override bool AnySteps => InputShape.Length == 2;

    internal override string Kind => "dense";

    /// <summary>z = x · weightᵀ + bias of the last forward pass (before the activation).</summary>
    internal Tensor PreActivation => preActivation!;

    internal override string Describe() =>
        $"units={Units}" + (Activation == Activation.None ? "" : $", activation={Activation}");

    protected override int[] OnBuild(int[] inputShape, Random init)
    {
        if (inputShape.Length is < 1 or > 2)
            throw new ShapeMismatchException(
                $"Dense layer '{Name}' takes (features) or (steps, features) items, got {BatchShape(inputShape)}."
            );
        int features = inputShape[^1];
        weight = AddParameter("weight", Units, features);
        bias = AddParameter("bias", Units);
        Initializers.GlorotUniform(weight.Value.Span, Units, features, init);
        var outputShape = (int[])inputShape.Clone();
        outputShape[^1] = Units;
        return outputShape;
    }

    // x is (M, F) with M = B or B·T; weight is (U, F); z and y are (M, U).
    public override Tensor Forward(Tensor input, bool training)
    {
        CheckInput(input);
        this.input = input;
        int features = InputShape[^1];
        int rows = input.Length / features;
        var shape = (int[])input.Shape.Clone();
        shape[^1] = Units;
        preActivation = Reuse(preActivation, shape);
        output = Activation == Activation.None ? preActivation : Reuse(output, shape);
        var z = preActivation.Span;
        for (int r = 0; r < rows; r++)
            bias.Value.Span.CopyTo(z.Slice(r * Units, Units));
        MatMul.Gemm(
            false,
            true,
            rows,
            Units,
            features,
            input.Data,
            features,
            weight.Value.Data,
            features,
            z,
            Units,
            accumulate: true
        );
        if (Activation != Activation.None)
            Activations.Forward(Activation, z, output.Span, Units);
        return output;
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        preActivationGradient = Reuse(preActivationGradient, outputGradient.Shape);
        Activations.Backward(
            Activation,
            output!.Span,
            outputGradient.Span,
            preActivationGradient.Span,
            Units
        );
        return BackwardFromPreActivation(preActivationGradient);
    }

    /// <summary>Backward from d loss / dz, skipping the activation (used when a loss fuses softmax or sigmoid).</summary>
    internal Tensor BackwardFromPreActivation(Tensor dz)
    {
        int features = InputShape[^1];
        int rows = dz.Length / Units;
        // dweight (U, F) += dzᵀ (U, M) · x (M, F)
        MatMul.Gemm(
            true,
            false,
            Units,
            features,
            rows,
            dz.Data,
            Units,
            input!.Data,
            features,
            weight.Gradient.Span,
            features,
            accumulate: true
        );
        // dbias (U) += Σ_rows dz
        ColumnSums.Accumulate(dz.Span, rows, Units, bias.Gradient.Span);
        if (!NeedInputGradient)
            return NoGradient;
        // dx (M, F) = dz (M, U) · weight (U, F)
        inputGradient = Reuse(inputGradient, input.Shape);
        MatMul.Gemm(
            false,
            false,
            rows,
            features,
            Units,
            dz.Data,
            Units,
            weight.Value.Data,
            features,
            inputGradient.Span,
            features,
            accumulate: false
        );
        return inputGradient;
    }
}
