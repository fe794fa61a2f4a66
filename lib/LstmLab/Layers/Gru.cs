using System.Runtime.CompilerServices;
using LstmLab.Kernels;
using LstmLab.Tensors;

namespace LstmLab.Layers;

/// <summary>
/// Gated recurrent unit (Cho et al. 2014) over a (B, T, F) batch, with Keras's arguments. For each step t,
/// with gates in PyTorch's order r, z, n:
/// <code>
/// r = σ(x W_irᵀ + b_ir + h W_hrᵀ + b_hr)           reset gate
/// z = σ(x W_izᵀ + b_iz + h W_hzᵀ + b_hz)           update gate
/// n = tanh(x W_inᵀ + b_in + r ⊙ (h W_hnᵀ + b_hn))  candidate
/// h' = (1 - z) ⊙ n + z ⊙ h
/// </code>
/// The reset gate acts after the recurrent product, as in PyTorch's nn.GRU and Keras's <c>reset_after=True</c>
/// (its default). Parameters as nn.GRU: <c>weight_ih_l0</c> (3H, F), <c>weight_hh_l0</c> (3H, H),
/// <c>bias_ih_l0</c> (3H), <c>bias_hh_l0</c> (3H); docs/weights.md maps them to Keras's kernel (F, 3H),
/// recurrent_kernel (H, 3H) and bias (2, 3H), whose gates are in the order z, r, h.
/// </summary>
public sealed class Gru : Layer, IRecurrentLayer
{
    private const int Gates = 3;

    private Parameter weightIh = null!;
    private Parameter weightHh = null!;
    private Parameter biasIh = null!;
    private Parameter biasHh = null!;

    // Buffers for one (B, T) shape, allocated once and reused.
    private int batch = -1,
        steps = -1;
    private AlignedFloats inputs; // (T, B, F) time-major copy of x
    private AlignedFloats gates; // (T, B, 3H): x·W_ihᵀ, then the activated r, z, n
    private AlignedFloats recurrent; // (B, 3H) this step's h(t-1)·W_hhᵀ
    private AlignedFloats hidden; // (T+1, B, H): h0, h1 … hT
    private AlignedFloats candidates; // (T, B, H) h(t-1)·W_hnᵀ + b_hn, which r multiplies
    private AlignedFloats inputGradients; // (T, B, 3H) d loss / d (x·W_ihᵀ + b_ih)
    private AlignedFloats recurrentGradients; // (T, B, 3H) d loss / d (h·W_hhᵀ + b_hh)
    private AlignedFloats inputMasks; // (3, B, F) Keras dropout, one mask per gate
    private AlignedFloats recurrentMasks; // (3, B, H) Keras recurrent dropout, one mask per gate
    private AlignedFloats scratch; // (T·B, max(F, H)) masked copies
    private AlignedFloats xGradient; // (T, B, F) d loss / d x, time-major
    private AlignedFloats[] inputBiasParts = AlignedFloats.AllocateMany(0, 0),
        recurrentBiasParts = AlignedFloats.AllocateMany(0, 0); // per thread part: Σ of its rows' gradients (3H), summed in part order
    private readonly RecentBuffers buffers = new();
    private AlignedFloats dh,
        dhStep; // (B, H)
    private Tensor? output;
    private Tensor? inputGradient;
    private bool masked,
        recurrentMasked;
    private Tensor? carriedHidden;

    // weight_hh packed once per pass for the per-step products (one per gate when recurrent dropout is on):
    // forward h(t-1) · W_hhᵀ, backward dRecurrent · W_hh.
    private MatMulPackedB[] packedForward = [],
        packedBackward = [];
    private readonly RecurrentWeightPacks packs = new(Gates);

    /// <summary>A GRU layer with Keras's arguments.</summary>
    /// <param name="units">H, the size of the hidden state.</param>
    /// <param name="returnSequences">Output every step's h (B, T, H) instead of the last (B, H).</param>
    /// <param name="returnState">Keep the final h for <see cref="FinalHiddenState"/> (for use of the layer on its own;
    /// a <see cref="Models.Sequential"/> passes only the output on).</param>
    /// <param name="stateful">Start each batch from the previous batch's final state (same batch size),
    /// until <see cref="ResetStates"/>; gradients stop at the batch boundary (truncated back-propagation).</param>
    /// <param name="dropout">Fraction of the inputs dropped during training, one fixed mask per gate for all steps.</param>
    /// <param name="recurrentDropout">Fraction of h(t-1) dropped during training, one fixed mask per gate for all steps
    /// (the carried term z ⊙ h is not masked, as in Keras).</param>
    /// <param name="resetAfter">Apply the reset gate after the recurrent product (Keras's default, PyTorch's only form).
    /// <c>false</c> (the original paper's r ⊙ h before the product) is refused: PyTorch has no such layer, so the
    /// library could neither check it against a reference nor save it under PyTorch's names.</param>
    public Gru(
        int units,
        bool returnSequences = false,
        bool returnState = false,
        bool stateful = false,
        double dropout = 0,
        double recurrentDropout = 0,
        bool resetAfter = true
    )
    {
        if (units <= 0)
            throw new ArgumentOutOfRangeException(
                nameof(units),
                $"Gru needs at least one unit, got {units}."
            );
        if (!resetAfter)
            throw new ArgumentException(
                "Gru(resetAfter: false) is not supported: the layer computes n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), "
                    + "Keras's reset_after=True (its default) and the only form of PyTorch's nn.GRU, against which it is "
                    + "tested and under whose names it is saved. Use resetAfter: true.",
                nameof(resetAfter)
            );
        Lstm.CheckRate(dropout, nameof(dropout));
        Lstm.CheckRate(recurrentDropout, nameof(recurrentDropout));
        Units = units;
        ReturnSequences = returnSequences;
        ReturnState = returnState;
        Stateful = stateful;
        Dropout = dropout;
        RecurrentDropout = recurrentDropout;
    }

    /// <summary>H, the size of the hidden state.</summary>
    public int Units { get; }

    /// <summary>Whether the output is every step's h (B, T, H) rather than the last (B, H).</summary>
    public bool ReturnSequences { get; }

    /// <summary>Whether the final state is meant to be read by the caller.</summary>
    public bool ReturnState { get; }

    /// <summary>Whether each batch starts from the previous batch's final state.</summary>
    public bool Stateful { get; }

    internal override bool CarriesState => Stateful;

    /// <summary>Fraction of the inputs dropped during training.</summary>
    public double Dropout { get; }

    /// <summary>Fraction of the recurrent state h(t-1) dropped during training.</summary>
    public double RecurrentDropout { get; }

    /// <summary>Always true: the reset gate multiplies the recurrent product (see the constructor).</summary>
    public bool ResetAfter => true;

    /// <summary>h after the last step of the last forward pass, (B, H); the layer overwrites it on its next forward pass.</summary>
    public Tensor FinalHiddenState { get; private set; } = new(0);

    /// <summary>d loss / d h0 from the last backward pass, (B, H).</summary>
    public Tensor InitialHiddenGradient { get; private set; } = new(0);

    /// <summary>Fixed masks for tests: (3, B, F) input and (3, B, H) recurrent masks used instead of random ones.</summary>
    internal (float[]? Input, float[]? Recurrent) FixedMasks { get; set; }

    internal override bool AnySteps => true;

    internal override string Kind => "gru";

    int IRecurrentLayer.StateCount => 1;

    Layer IRecurrentLayer.CopyArguments() =>
        new Gru(Units, ReturnSequences, ReturnState, Stateful, Dropout, RecurrentDropout);

    Tensor IRecurrentLayer.Forward(Tensor input, Tensor?[] initialStates, bool training) =>
        Forward(input, initialStates[0], training);

    Tensor IRecurrentLayer.Backward(Tensor outputGradient, Tensor?[] finalStateGradients) =>
        Backward(outputGradient, finalStateGradients[0]);

    Tensor[] IRecurrentLayer.FinalStates => [FinalHiddenState];

    Tensor[] IRecurrentLayer.InitialStateGradients => [InitialHiddenGradient];

    internal override string Describe()
    {
        var parts = new List<string> { $"units={Units}" };
        if (ReturnSequences)
            parts.Add("return_sequences");
        if (ReturnState)
            parts.Add("return_state");
        if (Stateful)
            parts.Add("stateful");
        if (Dropout > 0)
            parts.Add(FormattableString.Invariant($"dropout={Dropout}"));
        if (RecurrentDropout > 0)
            parts.Add(FormattableString.Invariant($"recurrent_dropout={RecurrentDropout}"));
        return string.Join(", ", parts);
    }

    /// <summary>Forgets the state carried between batches by a stateful layer.</summary>
    public void ResetStates() => carriedHidden = null;

    protected override int[] OnBuild(int[] inputShape, Random init)
    {
        if (inputShape.Length != 2)
            throw new ShapeMismatchException(
                $"Gru layer '{Name}' takes (steps, features) items, got {BatchShape(inputShape)}."
            );
        int features = inputShape[1],
            h = Units;
        weightIh = AddParameter("weight_ih_l0", Gates * h, features);
        weightHh = AddParameter("weight_hh_l0", Gates * h, h);
        biasIh = AddParameter("bias_ih_l0", Gates * h);
        biasHh = AddParameter("bias_hh_l0", Gates * h);
        // Keras: glorot_uniform kernel (F, 3H), orthogonal recurrent kernel (H, 3H), zero biases.
        Initializers.GlorotUniform(weightIh.Value.Span, Gates * h, features, init);
        Initializers.Orthogonal(weightHh.Value.Span, Gates * h, h, init);
        return ReturnSequences ? [inputShape[0], h] : [h];
    }

    public override Tensor Forward(Tensor input, bool training) => Forward(input, null, training);

    /// <summary>
    /// Runs the layer from the initial state (B, H) (zeros when null, or the carried state when stateful).
    /// x is (B, T, F); the output is (B, T, H) with returnSequences, else (B, H).
    /// </summary>
    public Tensor Forward(Tensor input, Tensor? initialHidden, bool training)
    {
        CheckInput(input);
        int b = input.Shape[0],
            t = input.Shape[1],
            f = InputShape[1],
            h = Units,
            g3 = Gates * h;
        EnsureBuffers(b, t, f);
        if (Stateful && initialHidden is null && carriedHidden?.Shape[0] == b)
            initialHidden = carriedHidden;
        RecurrentSequence.CopyInitialState(
            initialHidden,
            hidden.AsSpan(0, b * h),
            b,
            h,
            this,
            "initial hidden state"
        );

        masked = training && Dropout > 0;
        recurrentMasked = training && RecurrentDropout > 0;
        if (masked)
            FillMasks(inputMasks, FixedMasks.Input, Dropout);
        if (recurrentMasked)
            FillMasks(recurrentMasks, FixedMasks.Recurrent, RecurrentDropout);

        packedForward = PackRecurrentWeights(transB: true);

        // x (B, T, F) → inputs (T, B, F); the input projection of all steps in one product:
        // gates (T·B, 3H) = inputs (T·B, F) · weight_ihᵀ (F, 3H)
        Transpose.SwapLeadingAxes(input.Span, inputs, b, t, f);
        GateProjections.Forward(
            inputs,
            weightIh.Value.Data,
            gates,
            t * b,
            f,
            h,
            Gates,
            masked ? inputMasks : default,
            scratch
        );

        // each part writes its own rows of the sequence step by step, so they are in its cache for the next layer
        var sequence = ReturnSequences ? Reuse(output, b, t, h) : null;
        RowSplit.Run(
            b,
            MinRowsPerThread,
            (start, count) => ForwardSteps(sequence?.Data, start, count)
        );

        FinalHiddenState = Store(FinalHiddenState, hidden.AsSpan(t * b * h, b * h), b, h);
        if (Stateful)
            carriedHidden = FinalHiddenState;

        output = sequence ?? Store(output, FinalHiddenState.Span, b, h);
        return output;
    }

    public override Tensor Backward(Tensor outputGradient) => Backward(outputGradient, null);

    /// <summary>
    /// Back-propagation through time. outputGradient is d loss / d output ((B, T, H) or (B, H));
    /// finalHiddenGradient (B, H) is d loss / d hT when the final state was used.
    /// Returns d loss / d x (B, T, F) and sets <see cref="InitialHiddenGradient"/>.
    /// </summary>
    public Tensor Backward(Tensor outputGradient, Tensor? finalHiddenGradient)
    {
        int b = batch,
            t = steps,
            f = InputShape[1],
            h = Units,
            g3 = Gates * h,
            rows = t * b;
        RecurrentSequence.CheckOutputGradient(outputGradient, output, this);
        dh.Span.Clear();
        finalHiddenGradient?.Span.CopyTo(dh);

        packedBackward = PackRecurrentWeights(transB: false);
        var dOut = outputGradient.Data;
        foreach (var part in inputBiasParts.Concat(recurrentBiasParts))
            part.Span.Clear();
        RowSplit.Run(b, MinRowsPerThread, (start, count) => BackwardSteps(dOut, start, count));
        InitialHiddenGradient = Store(InitialHiddenGradient, dh, b, h);

        // Weight gradients of all steps at once, after the loop.
        // dweight_hh (3H, H) += dRecurrentᵀ (3H, T·B) · h(t-1) (T·B, H)
        GateProjections.WeightGradient(
            recurrentGradients,
            hidden,
            weightHh.Gradient.Data,
            rows,
            h,
            h,
            Gates,
            recurrentMasked ? recurrentMasks : default,
            scratch
        );
        // dweight_ih (3H, F) += dInputᵀ (3H, T·B) · x (T·B, F); dx (T·B, F) = dInput · weight_ih
        var inputMasksUsed = masked ? inputMasks : default;
        GateProjections.WeightGradient(
            inputGradients,
            inputs,
            weightIh.Gradient.Data,
            rows,
            f,
            h,
            Gates,
            inputMasksUsed,
            scratch
        );
        if (NeedInputGradient)
            GateProjections.InputGradient(
                inputGradients,
                weightIh.Value.Data,
                xGradient,
                rows,
                f,
                h,
                Gates,
                inputMasksUsed,
                scratch
            );

        // dbias_ih = Σ dInput, dbias_hh = Σ dRecurrent over steps and batch (summed per part in the step loop)
        foreach (var part in inputBiasParts)
            Elementwise.Add(biasIh.Gradient.Span, part, biasIh.Gradient.Span);
        foreach (var part in recurrentBiasParts)
            Elementwise.Add(biasHh.Gradient.Span, part, biasHh.Gradient.Span);

        if (!NeedInputGradient)
            return NoGradient;
        inputGradient = RecurrentSequence.InputGradient(inputGradient, xGradient, b, t, f);
        return inputGradient;
    }

    /// <summary>Rows below this many per thread are not worth a thread of their own.</summary>
    private const int MinRowsPerThread = RowSplit.RecurrentRowsPerPart;

    // The step loop for batch rows start..start+count-1 (they do not interact within a step); h(t) also goes to the
    // sequence (B, T, H) when the layer returns sequences.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ForwardSteps(float[]? sequence, int start, int count)
    {
        int b = batch,
            h = Units,
            g3 = Gates * h;
        var maskedRows = scratch.AsSpan(start * h, count * h);
        var stepRecurrent = recurrent.AsSpan(start * g3, count * g3);
        for (int s = 0; s < steps; s++)
        {
            var hPrev = hidden.AsSpan((s * b + start) * h, count * h);
            // recurrent (B, 3H) = h(t-1) (B, H) · weight_hhᵀ (H, 3H)
            if (!recurrentMasked)
                MatMul.Gemm(false, count, hPrev, h, packedForward[0], stepRecurrent, g3, false);
            else
                for (int k = 0; k < Gates; k++)
                {
                    // gate k sees h(t-1) ⊙ mask_k
                    Masks.Apply(
                        hPrev,
                        recurrentMasks.AsSpan((k * b + start) * h, count * h),
                        maskedRows
                    );
                    MatMul.Gemm(
                        false,
                        count,
                        maskedRows,
                        h,
                        packedForward[k],
                        stepRecurrent.Slice(k * h),
                        g3,
                        false
                    );
                }
            var hNext = hidden.AsSpan(((s + 1) * b + start) * h, count * h);
            GruCell.Forward(
                gates.AsSpan((s * b + start) * g3, count * g3),
                stepRecurrent,
                biasIh.Value.Span,
                biasHh.Value.Span,
                hPrev,
                candidates.AsSpan((s * b + start) * h, count * h),
                hNext,
                count,
                h
            );
            if (sequence is not null)
                RecurrentSequence.WriteStep(hNext, sequence, start, s, steps, h);
        }
    }

    // Back-propagation through the steps for batch rows start..start+count-1; leaves both gate gradients
    // for all steps, and d loss / d h0 of these rows in dh.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BackwardSteps(float[] dOut, int start, int count)
    {
        int b = batch,
            t = steps,
            h = Units,
            g3 = Gates * h;
        var dhRows = dh.AsSpan(start * h, count * h);
        var dhTotal = dhStep.AsSpan(start * h, count * h);
        var maskedRows = scratch.AsSpan(start * h, count * h);
        int part = start / MinRowsPerThread;
        for (int s = t - 1; s >= 0; s--)
        {
            // d loss / d h(s) = from the output at step s + from step s+1 (in dh)
            RecurrentSequence.StepGradient(
                dhRows,
                dOut,
                dhTotal,
                start,
                count,
                s,
                t,
                h,
                ReturnSequences
            );

            var stepInput = inputGradients.AsSpan((s * b + start) * g3, count * g3);
            var stepRecurrent = recurrentGradients.AsSpan((s * b + start) * g3, count * g3);
            // dh (B, H) = dhTotal ⊙ z, the path around the gates
            GruCell.Backward(
                gates.AsSpan((s * b + start) * g3, count * g3),
                candidates.AsSpan((s * b + start) * h, count * h),
                hidden.AsSpan((s * b + start) * h, count * h),
                dhTotal,
                stepInput,
                stepRecurrent,
                dhRows,
                count,
                h
            );
            // the bias gradients while this step's gradients are in cache: Σ over the part's rows
            ColumnSums.Accumulate(stepInput, count, g3, inputBiasParts[part]);
            ColumnSums.Accumulate(stepRecurrent, count, g3, recurrentBiasParts[part]);
            // backprop into h(s-1): dh (B, H) += dRecurrent (B, 3H) · weight_hh (3H, H)
            if (!recurrentMasked)
                MatMul.Gemm(false, count, stepRecurrent, g3, packedBackward[0], dhRows, h, true);
            else
                for (int k = 0; k < Gates; k++)
                {
                    MatMul.Gemm(
                        false,
                        count,
                        stepRecurrent.Slice(k * h),
                        g3,
                        packedBackward[k],
                        maskedRows,
                        h,
                        false
                    );
                    Masks.MultiplyAdd(
                        maskedRows,
                        recurrentMasks.AsSpan((k * b + start) * h, count * h),
                        dhRows
                    );
                }
        }
    }

    private MatMulPackedB[] PackRecurrentWeights(bool transB) =>
        packs.Pack(weightHh.Value.Span, Units, transB, perGate: recurrentMasked);

    private void EnsureBuffers(int b, int t, int f)
    {
        if (b == batch && t == steps)
            return;
        int h = Units,
            g3 = Gates * h;
        batch = b;
        steps = t;
        inputs = buffers.Get(nameof(inputs), t * b * f);
        gates = buffers.Get(nameof(gates), t * b * g3);
        recurrent = buffers.Get(nameof(recurrent), b * g3);
        inputGradients = buffers.Get(nameof(inputGradients), t * b * g3);
        recurrentGradients = buffers.Get(nameof(recurrentGradients), t * b * g3);
        hidden = buffers.Get(nameof(hidden), (t + 1) * b * h);
        candidates = buffers.Get(nameof(candidates), t * b * h);
        xGradient = buffers.Get(nameof(xGradient), t * b * f);
        // one per row part that can start at a multiple of MinRowsPerThread; kept for the largest batch (the parts a
        // pass does not use stay zero, and adding zeros leaves the sums' bits as they are)
        int parts = b / MinRowsPerThread + 1;
        if (inputBiasParts.Length < parts)
        {
            inputBiasParts = AlignedFloats.AllocateMany(parts, g3);
            recurrentBiasParts = AlignedFloats.AllocateMany(parts, g3);
        }
        inputMasks = buffers.Get(nameof(inputMasks), Gates * b * f);
        recurrentMasks = buffers.Get(nameof(recurrentMasks), Gates * b * h);
        scratch = buffers.Get(nameof(scratch), t * b * Math.Max(f, h));
        dh = buffers.Get(nameof(dh), b * h);
        dhStep = buffers.Get(nameof(dhStep), b * h);
    }

    private void FillMasks(Span<float> masks, float[]? fixedMasks, double rate)
    {
        if (fixedMasks is null)
            Masks.Fill(masks, rate, Random);
        else if (fixedMasks.Length != masks.Length)
            throw new ShapeMismatchException(
                $"Gru layer '{Name}': fixed masks need {masks.Length} values, got {fixedMasks.Length}."
            );
        else
            fixedMasks.CopyTo(masks);
    }
}
