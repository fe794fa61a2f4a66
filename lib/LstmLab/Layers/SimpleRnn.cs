using LstmLab.Kernels;
using LstmLab.Tensors;

namespace LstmLab.Layers;

/// <summary>
/// The plain (Elman) recurrent layer, for comparison with <see cref="Lstm"/>:
/// h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh).
/// Parameters as PyTorch's nn.RNN: <c>weight_ih_l0</c> (H, F), <c>weight_hh_l0</c> (H, H), <c>bias_ih_l0</c>, <c>bias_hh_l0</c> (H).
/// </summary>
public sealed class SimpleRnn : Layer, IRecurrentLayer
{
    private Parameter weightIh = null!;
    private Parameter weightHh = null!;
    private Parameter biasIh = null!;
    private Parameter biasHh = null!;

    private int batch = -1,
        steps = -1;
    private AlignedFloats inputs; // (T, B, F)
    private AlignedFloats hidden; // (T+1, B, H): h0 … hT
    private AlignedFloats preGradients; // (T, B, H) d loss / d pre-activation
    private AlignedFloats xGradient; // (T, B, F)
    private AlignedFloats bias; // (H)
    private AlignedFloats dh,
        dhStep; // (B, H)
    private readonly RecentBuffers buffers = new();
    private Tensor? output;
    private Tensor? inputGradient;

    /// <summary>A simple RNN of <paramref name="units"/> tanh units.</summary>
    public SimpleRnn(int units, bool returnSequences = false)
    {
        if (units <= 0)
            throw new ArgumentOutOfRangeException(
                nameof(units),
                $"SimpleRnn needs at least one unit, got {units}."
            );
        Units = units;
        ReturnSequences = returnSequences;
    }

    /// <summary>H, the size of the hidden state.</summary>
    public int Units { get; }

    /// <summary>Whether the output is every step's h (B, T, H) rather than the last (B, H).</summary>
    public bool ReturnSequences { get; }

    /// <summary>h after the last step of the last forward pass, (B, H).</summary>
    public Tensor FinalHiddenState { get; private set; } = new(0);

    /// <summary>d loss / d h0 from the last backward pass, (B, H).</summary>
    public Tensor InitialHiddenGradient { get; private set; } = new(0);

    internal override bool AnySteps => true;

    internal override string Kind => "simple_rnn";

    bool IRecurrentLayer.Stateful => false;

    int IRecurrentLayer.StateCount => 1;

    Layer IRecurrentLayer.CopyArguments() => new SimpleRnn(Units, ReturnSequences);

    Tensor IRecurrentLayer.Forward(Tensor input, Tensor?[] initialStates, bool training) =>
        Forward(input, initialStates[0], training);

    Tensor IRecurrentLayer.Backward(Tensor outputGradient, Tensor?[] finalStateGradients) =>
        Backward(outputGradient, finalStateGradients[0]);

    Tensor[] IRecurrentLayer.FinalStates => [FinalHiddenState];

    Tensor[] IRecurrentLayer.InitialStateGradients => [InitialHiddenGradient];

    internal override string Describe() =>
        $"units={Units}" + (ReturnSequences ? ", return_sequences" : "");

    protected override int[] OnBuild(int[] inputShape, Random init)
    {
        if (inputShape.Length != 2)
            throw new ShapeMismatchException(
                $"SimpleRnn layer '{Name}' takes (steps, features) items, got {BatchShape(inputShape)}."
            );
        int f = inputShape[1],
            h = Units;
        weightIh = AddParameter("weight_ih_l0", h, f);
        weightHh = AddParameter("weight_hh_l0", h, h);
        biasIh = AddParameter("bias_ih_l0", h);
        biasHh = AddParameter("bias_hh_l0", h);
        Initializers.GlorotUniform(weightIh.Value.Span, h, f, init);
        Initializers.Orthogonal(weightHh.Value.Span, h, h, init);
        return ReturnSequences ? [inputShape[0], h] : [h];
    }

    public override Tensor Forward(Tensor input, bool training) => Forward(input, null, training);

    /// <summary>Runs the layer from <paramref name="initialHidden"/> (B, H) (zeros when null) over x (B, T, F).</summary>
    public Tensor Forward(Tensor input, Tensor? initialHidden, bool training)
    {
        CheckInput(input);
        int b = input.Shape[0],
            t = input.Shape[1],
            f = InputShape[1],
            h = Units;
        EnsureBuffers(b, t, f);
        RecurrentSequence.CopyInitialState(
            initialHidden,
            hidden.AsSpan(0, b * h),
            b,
            h,
            this,
            "initial hidden state"
        );
        Elementwise.Add(biasIh.Value.Span, biasHh.Value.Span, bias);

        // all steps' input projections at once: hidden[1..T] (T·B, H) = inputs (T·B, F) · weight_ihᵀ
        Transpose.SwapLeadingAxes(input.Span, inputs, b, t, f);
        var projections = hidden.AsSpan(b * h, t * b * h);
        MatMul.Gemm(
            false,
            true,
            t * b,
            h,
            f,
            inputs,
            f,
            weightIh.Value.Data,
            f,
            projections,
            h,
            false
        );
        for (int s = 0; s < t; s++)
        {
            var hNext = hidden.AsSpan((s + 1) * b * h, b * h);
            // hNext += h(s) · weight_hhᵀ, then tanh(· + bias) row by row
            MatMul.Gemm(
                false,
                true,
                b,
                h,
                h,
                hidden.AsSpan(s * b * h, b * h),
                h,
                weightHh.Value.Data,
                h,
                hNext,
                h,
                true
            );
            BiasTanh.Apply(hNext, bias);
        }

        FinalHiddenState = Store(FinalHiddenState, hidden.AsSpan(t * b * h, b * h), b, h);
        output = RecurrentSequence.Output(output, hidden, b, t, h, ReturnSequences);
        return output;
    }

    public override Tensor Backward(Tensor outputGradient) => Backward(outputGradient, null);

    /// <summary>Back-propagation through time; <paramref name="finalHiddenGradient"/> is d loss / d hT when it was used.</summary>
    public Tensor Backward(Tensor outputGradient, Tensor? finalHiddenGradient)
    {
        int b = batch,
            t = steps,
            f = InputShape[1],
            h = Units,
            rows = t * b;
        RecurrentSequence.CheckOutputGradient(outputGradient, output, this);
        dh.Span.Clear();
        finalHiddenGradient?.Span.CopyTo(dh);
        var dOut = outputGradient.Span;
        for (int s = t - 1; s >= 0; s--)
        {
            RecurrentSequence.StepGradient(dh, dOut, dhStep, 0, b, s, t, h, ReturnSequences);
            // backprop through tanh: dpre = dh ⊙ (1 - h²)
            var hNow = hidden.AsSpan((s + 1) * b * h, b * h);
            var dPre = preGradients.AsSpan(s * b * h, b * h);
            for (int i = 0; i < dPre.Length; i++)
                dPre[i] = LstmCell.Flush(dhStep[i] * (1 - hNow[i] * hNow[i]));
            // backprop into h(s-1): dh = dpre · weight_hh
            MatMul.Gemm(false, false, b, h, h, dPre, h, weightHh.Value.Data, h, dh, h, false);
        }
        InitialHiddenGradient = Store(InitialHiddenGradient, dh, b, h);

        MatMul.Gemm(
            true,
            false,
            h,
            h,
            rows,
            preGradients,
            h,
            hidden.AsSpan(0, rows * h),
            h,
            weightHh.Gradient.Span,
            h,
            true
        );
        MatMul.Gemm(
            true,
            false,
            h,
            f,
            rows,
            preGradients,
            h,
            inputs,
            f,
            weightIh.Gradient.Span,
            f,
            true
        );
        if (NeedInputGradient)
            MatMul.Gemm(
                false,
                false,
                rows,
                f,
                h,
                preGradients,
                h,
                weightIh.Value.Data,
                f,
                xGradient,
                f,
                false
            );
        var dBias = dh.Span; // free now: d loss / d h0 was copied out above
        dBias.Clear();
        ColumnSums.Accumulate(preGradients, rows, h, dBias[..h]);
        Elementwise.Add(biasIh.Gradient.Span, dBias[..h], biasIh.Gradient.Span);
        Elementwise.Add(biasHh.Gradient.Span, dBias[..h], biasHh.Gradient.Span);
        if (!NeedInputGradient)
            return NoGradient;
        inputGradient = RecurrentSequence.InputGradient(inputGradient, xGradient, b, t, f);
        return inputGradient;
    }

    private void EnsureBuffers(int b, int t, int f)
    {
        if (b == batch && t == steps)
            return;
        int h = Units;
        (batch, steps) = (b, t);
        inputs = buffers.Get(nameof(inputs), t * b * f);
        hidden = buffers.Get(nameof(hidden), (t + 1) * b * h);
        preGradients = buffers.Get(nameof(preGradients), t * b * h);
        xGradient = buffers.Get(nameof(xGradient), t * b * f);
        bias = buffers.Get(nameof(bias), h);
        dh = buffers.Get(nameof(dh), b * h);
        dhStep = buffers.Get(nameof(dhStep), b * h);
    }
}
