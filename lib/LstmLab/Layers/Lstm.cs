using System.Runtime.CompilerServices;
using LstmLab.Kernels;
using LstmLab.Tensors;

namespace LstmLab.Layers;

/// <summary>
/// Long short-term memory (Hochreiter &amp; Schmidhuber 1997) over a (B, T, F) batch, with Keras's arguments.
/// For each step t, with gates in PyTorch's order i, f, g, o:
/// <code>
/// i = σ(x W_iᵀ + b_i + h W_hiᵀ + b_hi)     input gate
/// f = σ(x W_fᵀ + b_f + h W_hfᵀ + b_hf)     forget gate
/// g = tanh(x W_gᵀ + b_g + h W_hgᵀ + b_hg)  candidate cell
/// o = σ(x W_oᵀ + b_o + h W_hoᵀ + b_ho)     output gate
/// c' = f ⊙ c + i ⊙ g,   h' = o ⊙ tanh(c')
/// </code>
/// Parameters as PyTorch's nn.LSTM: <c>weight_ih_l0</c> (4H, F), <c>weight_hh_l0</c> (4H, H),
/// <c>bias_ih_l0</c> (4H), <c>bias_hh_l0</c> (4H). docs/weights.md maps them to Keras's
/// kernel (F, 4H), recurrent_kernel (H, 4H) and single bias (4H).
/// </summary>
public sealed class Lstm : Layer, IRecurrentLayer
{
    private const int Gates = 4;

    private Parameter weightIh = null!;
    private Parameter weightHh = null!;
    private Parameter biasIh = null!;
    private Parameter biasHh = null!;

    // Buffers for one (B, T) shape, allocated once and reused.
    private int batch = -1,
        steps = -1;
    private AlignedFloats inputs; // (T, B, F) time-major copy of x

    // gates, tanhCells, gateGradients and scratch may be longer than a pass uses: a smaller last batch reuses the start of
    // the full batch's buffers (RecentBuffers.AtLeast), instead of faulting in fresh memory for its own
    private AlignedFloats gates; // (T, B, 4H) activated i, f, g, o
    private AlignedFloats hidden; // (T+1, B, H): h0, h1 … hT
    private AlignedFloats cells; // (T+1, B, H): c0, c1 … cT
    private AlignedFloats tanhCells; // (T, B, H)
    private AlignedFloats gateGradients; // (T, B, 4H)
    private AlignedFloats bias; // (4H) bias_ih + bias_hh
    private AlignedFloats inputMasks; // (4, B, F) Keras dropout, one mask per gate
    private AlignedFloats recurrentMasks; // (4, B, H) Keras recurrent dropout, one mask per gate
    private AlignedFloats scratch; // (T·B, max(F, H)) masked copies
    private AlignedFloats xGradient; // (T, B, F) d loss / d x, time-major
    private AlignedFloats[] biasParts = AlignedFloats.AllocateMany(0, 0); // per thread part: Σ of its rows' dGates (4H), summed in part order

    // per thread part, without dropout: Σ over its rows and steps of dGatesᵀ · x (4H, F) and dGatesᵀ · h(t-1) (4H, H),
    // summed in the step loop while the step is in cache, then added in part order
    private AlignedFloats[] weightIhParts = AlignedFloats.AllocateMany(0, 0),
        weightHhParts = AlignedFloats.AllocateMany(0, 0);
    private bool weightGradientsInSteps;
    private AlignedFloats dh,
        dc,
        dhStep; // (B, H)
    private bool trainingBuffers;
    private readonly RecentBuffers buffers = new();

    // Inference without the steps' history (Infer): one step's gates and two of each state.
    private int stepBatch = -1;
    private AlignedFloats stepGates; // (B, 4H)
    private AlignedFloats stepHidden; // (2, B, H): h(t-1) and h(t), alternating
    private AlignedFloats stepCells; // (2, B, H): c(t-1) and c(t), alternating
    private AlignedFloats stepTanhCells; // (B, H)
    private bool stepsKept; // whether gates, hidden and cells hold the last pass (Forward), not only its last step (Infer)
    private Tensor? inferredInput; // what the last Infer read, and its initial states (B, H), to run it again keeping the steps
    private float[] inferredHidden = [],
        inferredCell = [];
    private Tensor? output;
    private Tensor? inputGradient;
    private bool masked,
        recurrentMasked;
    private Tensor? carriedHidden,
        carriedCell;

    // weight_hh packed once per pass for the per-step products (one per gate when recurrent dropout is on):
    // forward h(t-1) · W_hhᵀ, backward dGates · W_hh.
    private MatMulPackedB[] packedForward = [],
        packedBackward = [];
    private readonly RecurrentWeightPacks packs = new(Gates);

    // weight_ih packed once per pass for the per-step products without input dropout: forward x(t) · W_ihᵀ,
    // backward dGates · W_ih.
    private MatMulPackedB? packedInput,
        packedInputBackward;

    /// <summary>An LSTM layer with Keras's arguments.</summary>
    /// <param name="units">H, the size of the hidden and cell state.</param>
    /// <param name="returnSequences">Output every step's h (B, T, H) instead of the last (B, H).</param>
    /// <param name="returnState">Keep the final h and c for <see cref="FinalHiddenState"/> / <see cref="FinalCellState"/>
    /// (for use of the layer on its own; a <see cref="Models.Sequential"/> passes only the output on).</param>
    /// <param name="stateful">Start each batch from the previous batch's final states (same batch size),
    /// until <see cref="ResetStates"/>; gradients stop at the batch boundary (truncated back-propagation).</param>
    /// <param name="dropout">Fraction of the inputs dropped during training, one fixed mask per gate for all steps.</param>
    /// <param name="recurrentDropout">Fraction of h(t-1) dropped during training, one fixed mask per gate for all steps.</param>
    /// <param name="unitForgetBias">Initialize the forget-gate bias to 1 (Keras's default).</param>
    public Lstm(
        int units,
        bool returnSequences = false,
        bool returnState = false,
        bool stateful = false,
        double dropout = 0,
        double recurrentDropout = 0,
        bool unitForgetBias = true
    )
    {
        if (units <= 0)
            throw new ArgumentOutOfRangeException(
                nameof(units),
                $"Lstm needs at least one unit, got {units}."
            );
        if (units > Array.MaxLength / 4)
            throw new ArgumentOutOfRangeException(
                nameof(units),
                $"Lstm({units}) has 4 × {units} gate rows, more than one tensor can hold; use fewer units."
            );
        CheckRate(dropout, nameof(dropout));
        CheckRate(recurrentDropout, nameof(recurrentDropout));
        Units = units;
        ReturnSequences = returnSequences;
        ReturnState = returnState;
        Stateful = stateful;
        Dropout = dropout;
        RecurrentDropout = recurrentDropout;
        UnitForgetBias = unitForgetBias;
    }

    /// <summary>H, the size of the hidden and cell state.</summary>
    public int Units { get; }

    /// <summary>Whether the output is every step's h (B, T, H) rather than the last (B, H).</summary>
    public bool ReturnSequences { get; }

    /// <summary>Whether the final states are meant to be read by the caller.</summary>
    public bool ReturnState { get; }

    /// <summary>Whether each batch starts from the previous batch's final states.</summary>
    public bool Stateful { get; }

    /// <summary>Fraction of the inputs dropped during training.</summary>
    public double Dropout { get; }

    /// <summary>Fraction of the recurrent state h(t-1) dropped during training.</summary>
    public double RecurrentDropout { get; }

    /// <summary>Whether the forget-gate bias starts at 1.</summary>
    public bool UnitForgetBias { get; }

    /// <summary>h after the last step of the last forward pass, (B, H); the layer overwrites it on its next forward pass.</summary>
    public Tensor FinalHiddenState { get; private set; } = new(0);

    /// <summary>c after the last step of the last forward pass, (B, H); the layer overwrites it on its next forward pass.</summary>
    public Tensor FinalCellState { get; private set; } = new(0);

    /// <summary>d loss / d h0 from the last backward pass, (B, H).</summary>
    public Tensor InitialHiddenGradient { get; private set; } = new(0);

    /// <summary>d loss / d c0 from the last backward pass, (B, H).</summary>
    public Tensor InitialCellGradient { get; private set; } = new(0);

    /// <summary>
    /// Per-step activations of the last forward pass, for inspecting the gates. After a pass of
    /// <see cref="Models.Sequential.Predict"/> or <see cref="Models.Sequential.Evaluate(Tensor, Tensor, int)"/> (which keep only
    /// the current step), that pass is run again on the same batch, keeping every step; the model's weights are used as
    /// they are now.
    /// </summary>
    public LstmTrace Trace()
    {
        KeepSteps();
        return new(
            batch,
            steps,
            Units,
            gates[..(steps * batch * 4 * Units)].ToArray(),
            cells.Span.ToArray(),
            hidden.Span.ToArray()
        );
    }

    /// <summary>Fixed masks for tests: (4, B, F) input and (4, B, H) recurrent masks used instead of random ones.</summary>
    internal (float[]? Input, float[]? Recurrent) FixedMasks { get; set; }

    internal override bool AnySteps => true;

    internal override bool CarriesState => Stateful;

    internal override string Kind => "lstm";

    int IRecurrentLayer.StateCount => 2;

    Layer IRecurrentLayer.CopyArguments() =>
        new Lstm(
            Units,
            ReturnSequences,
            ReturnState,
            Stateful,
            Dropout,
            RecurrentDropout,
            UnitForgetBias
        );

    Tensor IRecurrentLayer.Forward(Tensor input, Tensor?[] initialStates, bool training) =>
        Forward(input, initialStates[0], initialStates[1], training);

    Tensor IRecurrentLayer.Backward(Tensor outputGradient, Tensor?[] finalStateGradients) =>
        Backward(outputGradient, finalStateGradients[0], finalStateGradients[1]);

    Tensor[] IRecurrentLayer.FinalStates => [FinalHiddenState, FinalCellState];

    Tensor[] IRecurrentLayer.InitialStateGradients => [InitialHiddenGradient, InitialCellGradient];

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

    /// <summary>Forgets the states carried between batches by a stateful layer.</summary>
    public void ResetStates()
    {
        carriedHidden = null;
        carriedCell = null;
    }

    protected override int[] OnBuild(int[] inputShape, Random init)
    {
        if (inputShape.Length != 2)
            throw new ShapeMismatchException(
                $"Lstm layer '{Name}' takes (steps, features) items, got {BatchShape(inputShape)}."
            );
        int features = inputShape[1],
            h = Units;
        weightIh = AddParameter("weight_ih_l0", 4 * h, features);
        weightHh = AddParameter("weight_hh_l0", 4 * h, h);
        biasIh = AddParameter("bias_ih_l0", 4 * h);
        biasHh = AddParameter("bias_hh_l0", 4 * h);
        bias = AlignedFloats.Allocate(4 * h);
        // Keras: glorot_uniform kernel (F, 4H), orthogonal recurrent kernel (H, 4H), zero bias.
        Initializers.GlorotUniform(weightIh.Value.Span, 4 * h, features, init);
        Initializers.Orthogonal(weightHh.Value.Span, 4 * h, h, init);
        if (UnitForgetBias)
            biasIh.Value.Span.Slice(h, h).Fill(1);
        return ReturnSequences ? [inputShape[0], h] : [h];
    }

    public override Tensor Forward(Tensor input, bool training) =>
        Forward(input, null, null, training);

    /// <summary>
    /// Runs the layer from the given initial states (B, H) (zeros when null, or the carried states when stateful).
    /// x is (B, T, F); the output is (B, T, H) with returnSequences, else (B, H).
    /// </summary>
    public Tensor Forward(Tensor input, Tensor? initialHidden, Tensor? initialCell, bool training)
    {
        CheckInput(input);
        int b = input.Shape[0],
            t = input.Shape[1],
            f = InputShape[1],
            h = Units;
        EnsureBuffers(b, t, f);
        if (Stateful && initialHidden is null && carriedHidden?.Shape[0] == b)
            (initialHidden, initialCell) = (carriedHidden, carriedCell);
        RecurrentSequence.CopyInitialState(
            initialHidden,
            hidden.AsSpan(0, b * h),
            b,
            h,
            this,
            "initial hidden state"
        );
        RecurrentSequence.CopyInitialState(
            initialCell,
            cells.AsSpan(0, b * h),
            b,
            h,
            this,
            "initial cell state"
        );
        if (training)
            EnsureTrainingBuffers();
        PrepareWeights(training, f);

        // with input dropout, x (B, T, F) → inputs (T, B, F) and the input projection of all steps in one product per
        // gate: gates (T·B, 4H) = (inputs ⊙ mask_k) (T·B, F) · W_ih[k]ᵀ (F, H); without, each part does both step by step
        if (masked)
        {
            Transpose.SwapLeadingAxes(input.Span, inputs, b, t, f);
            GateProjections.Forward(
                inputs,
                weightIh.Value.Data,
                gates,
                t * b,
                f,
                h,
                Gates,
                inputMasks,
                scratch
            );
        }

        var x = input.Data;
        // each part writes its own rows of the sequence step by step, so they are in its cache for the next layer
        var sequence = ReturnSequences ? Reuse(output, b, t, h) : null;
        RowSplit.Run(
            b,
            MinRowsPerThread,
            (start, count) => ForwardSteps(x, sequence?.Data, start, count)
        );
        stepsKept = true;

        FinalHiddenState = Store(FinalHiddenState, hidden.AsSpan(t * b * h, b * h), b, h);
        FinalCellState = Store(FinalCellState, cells.AsSpan(t * b * h, b * h), b, h);
        if (Stateful)
            (carriedHidden, carriedCell) = (FinalHiddenState, FinalCellState);

        output = sequence ?? Store(output, FinalHiddenState.Span, b, h);
        return output;
    }

    /// <summary>
    /// An inference pass that keeps only the current step's gates and states (B, 4H), (B, H), so a batch stays in
    /// cache: the products and cell kernel of <see cref="Forward(Tensor, Tensor?, Tensor?, bool)"/> step for step, so
    /// the same outputs and final states, bit for bit. Remembers its input (which the model owns) and initial states,
    /// so that a <see cref="Trace"/> or Backward after it can run it again keeping every step.
    /// </summary>
    internal override Tensor Infer(Tensor input)
    {
        CheckInput(input);
        int b = input.Shape[0],
            t = input.Shape[1],
            f = InputShape[1],
            h = Units;
        EnsureStepBuffers(b);
        Tensor? initialHidden = null,
            initialCell = null;
        if (Stateful && carriedHidden?.Shape[0] == b)
            (initialHidden, initialCell) = (carriedHidden, carriedCell);
        RecurrentSequence.CopyInitialState(
            initialHidden,
            stepHidden.AsSpan(0, b * h),
            b,
            h,
            this,
            "initial hidden state"
        );
        RecurrentSequence.CopyInitialState(
            initialCell,
            stepCells.AsSpan(0, b * h),
            b,
            h,
            this,
            "initial cell state"
        );
        inferredInput = input;
        stepHidden.AsSpan(0, b * h).CopyTo(inferredHidden);
        stepCells.AsSpan(0, b * h).CopyTo(inferredCell);
        PrepareWeights(training: false, f);

        var sequence = ReturnSequences ? Reuse(output, b, t, h) : null;
        RowSplit.Run(
            b,
            MinRowsPerThread,
            (start, count) => StepsWithoutHistory(input.Data, t, sequence?.Data, start, count)
        );
        stepsKept = false;

        int last = (t % 2) * b * h; // where h(T) and c(T) are
        FinalHiddenState = Store(FinalHiddenState, stepHidden.AsSpan(last, b * h), b, h);
        FinalCellState = Store(FinalCellState, stepCells.AsSpan(last, b * h), b, h);
        if (Stateful)
            (carriedHidden, carriedCell) = (FinalHiddenState, FinalCellState);
        output = sequence ?? Store(output, FinalHiddenState.Span, b, h);
        return output;
    }

    // After an Infer, runs its pass again with Forward, keeping every step (same outputs and final states).
    private void KeepSteps()
    {
        if (stepsKept || inferredInput is null)
            return;
        int b = inferredInput.Shape[0];
        Forward(
            inferredInput,
            new Tensor(inferredHidden, b, Units),
            new Tensor(inferredCell, b, Units),
            training: false
        );
    }

    // The summed bias, the dropout masks of a training pass and the packed weights, for the step loops.
    private void PrepareWeights(bool training, int f)
    {
        int g4 = 4 * Units;
        for (int k = 0; k < g4; k++)
            bias[k] = biasIh.Value.Data[k] + biasHh.Value.Data[k];
        masked = training && Dropout > 0;
        recurrentMasked = training && RecurrentDropout > 0;
        if (masked)
            FillMasks(inputMasks, FixedMasks.Input, Dropout);
        if (recurrentMasked)
            FillMasks(recurrentMasks, FixedMasks.Recurrent, RecurrentDropout);
        packedForward = PackRecurrentWeights(transB: true);
        // Without input dropout each thread projects its own rows step by step, x(t) (B, F) · weight_ihᵀ (F, 4H): the
        // rows one product of all steps would give (same sums), without a thread reading gates another one wrote.
        if (!masked)
        {
            if (packedInput is null)
                packedInput = new MatMulPackedB(true, f, g4, weightIh.Value.Span, f);
            else
                packedInput.Repack(weightIh.Value.Span, f);
        }
    }

    public override Tensor Backward(Tensor outputGradient) => Backward(outputGradient, null, null);

    /// <summary>
    /// Back-propagation through time. outputGradient is d loss / d output ((B, T, H) or (B, H));
    /// finalHiddenGradient and finalCellGradient (B, H) are d loss / d hT and d cT when the final states
    /// were used. Returns d loss / d x (B, T, F) and sets <see cref="InitialHiddenGradient"/>, <see cref="InitialCellGradient"/>.
    /// </summary>
    public Tensor Backward(
        Tensor outputGradient,
        Tensor? finalHiddenGradient,
        Tensor? finalCellGradient
    )
    {
        KeepSteps();
        int b = batch,
            t = steps,
            f = InputShape[1],
            h = Units,
            g4 = 4 * h,
            rows = t * b;
        RecurrentSequence.CheckOutputGradient(outputGradient, output, this);
        EnsureTrainingBuffers();
        dh.Span.Clear();
        dc.Span.Clear();
        finalHiddenGradient?.Span.CopyTo(dh);
        finalCellGradient?.Span.CopyTo(dc);

        packedBackward = PackRecurrentWeights(transB: false);
        var dOut = outputGradient.Data;
        foreach (var part in biasParts)
            part.Span.Clear();
        // without input dropout each part computes its rows' d loss / d x step by step, straight into (B, T, F)
        float[]? dx = null;
        if (NeedInputGradient && !masked)
        {
            inputGradient = Reuse(inputGradient, b, t, f);
            dx = inputGradient.Data;
            if (packedInputBackward is null)
                packedInputBackward = new MatMulPackedB(false, g4, f, weightIh.Value.Span, f);
            else
                packedInputBackward.Repack(weightIh.Value.Span, f);
        }
        // without dropout each part sums its own rows' weight gradients step by step, while the step is in cache, where
        // that pays for loading and storing the part's sums at every step; else (and with dropout's product per gate)
        // the weight gradients of all steps come after the loop
        int parts = RowSplit.Parts(b, MinRowsPerThread);
        weightGradientsInSteps =
            !masked
            && !recurrentMasked
            && (b / parts >= StepWeightGradientRows || g4 * (f + h) <= StepWeightGradientSums);
        if (weightGradientsInSteps)
            EnsureWeightParts(parts);
        RowSplit.Run(
            b,
            MinRowsPerThread,
            (part, start, count) => BackwardSteps(dOut, dx, part, start, count)
        );
        InitialHiddenGradient = Store(InitialHiddenGradient, dh, b, h);
        InitialCellGradient = Store(InitialCellGradient, dc, b, h);

        if (weightGradientsInSteps)
            AddWeightParts(parts);
        else
            WeightGradientsAfterSteps(rows, f, h);
        // with input dropout, dx (T·B, F) = Σ over gates of (dGates_k · W_ih[k]) ⊙ mask_k in one product per gate
        if (NeedInputGradient && masked)
            GateProjections.InputGradient(
                gateGradients,
                weightIh.Value.Data,
                xGradient,
                rows,
                f,
                h,
                Gates,
                inputMasks,
                scratch
            );

        // dbias_ih = dbias_hh = Σ over steps and batch of dGates (summed per part in the step loop)
        foreach (var part in biasParts)
        {
            Elementwise.Add(biasIh.Gradient.Span, part, biasIh.Gradient.Span);
            Elementwise.Add(biasHh.Gradient.Span, part, biasHh.Gradient.Span);
        }

        if (!NeedInputGradient)
            return NoGradient;
        if (masked)
            inputGradient = RecurrentSequence.InputGradient(inputGradient, xGradient, b, t, f);
        return inputGradient!;
    }

    // The weight gradients of all steps at once (with dropout, a product per gate).
    private void WeightGradientsAfterSteps(int rows, int f, int h)
    {
        // dweight_hh (4H, H) += dGatesᵀ (4H, T·B) · h(t-1) (T·B, H)
        GateProjections.WeightGradient(
            gateGradients,
            hidden,
            weightHh.Gradient.Data,
            rows,
            h,
            h,
            Gates,
            recurrentMasked ? recurrentMasks : default,
            scratch
        );
        // dweight_ih (4H, F) += dGatesᵀ (4H, T·B) · x (T·B, F)
        GateProjections.WeightGradient(
            gateGradients,
            inputs,
            weightIh.Gradient.Data,
            rows,
            f,
            h,
            Gates,
            masked ? inputMasks : default,
            scratch
        );
    }

    // The parts' weight gradients, (4H, F) and (4H, H) each, for this many parts.
    private void EnsureWeightParts(int parts)
    {
        if (weightIhParts.Length >= parts)
            return;
        int g4 = 4 * Units,
            f = InputShape[1];
        weightIhParts = AlignedFloats.AllocateMany(parts, g4 * f);
        weightHhParts = AlignedFloats.AllocateMany(parts, g4 * Units);
    }

    // dweight_ih += Σ of the parts' sums, in part order; the same for dweight_hh.
    private void AddWeightParts(int parts)
    {
        for (int p = 0; p < parts; p++)
        {
            Elementwise.Add(weightIh.Gradient.Span, weightIhParts[p], weightIh.Gradient.Span);
            Elementwise.Add(weightHh.Gradient.Span, weightHhParts[p], weightHh.Gradient.Span);
        }
    }

    /// <summary>
    /// The weight gradients are summed step by step when a part has at least this many rows (multiply-adds per element
    /// of its sums each step) or its sums hold at most <see cref="StepWeightGradientSums"/> values (they stay in L1).
    /// Measured (alternated runs, Zen 5): 64 rows 3–7% faster epochs (mnist32, sweep48/96/256), 16 rows with sums of
    /// 10,200 values (ts50) 1.5% faster, 32 rows with sums of 131,072 (imdb128) 3% slower.
    /// </summary>
    private const int StepWeightGradientRows = 64,
        StepWeightGradientSums = 12 * 1024;

    /// <summary>Rows below this many per thread are not worth a thread of their own.</summary>
    private const int MinRowsPerThread = RowSplit.RecurrentRowsPerPart;

    // The step loop for batch rows start..start+count-1 of x (B, T, F) (they do not interact within a step); h(t) also
    // goes to the sequence (B, T, H) when the layer returns sequences.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ForwardSteps(float[] x, float[]? sequence, int start, int count)
    {
        int b = batch,
            h = Units,
            g4 = 4 * h,
            f = InputShape[1];
        var masked = recurrentMasked ? scratch.AsSpan(start * h, count * h) : default;
        for (int s = 0; s < steps; s++)
        {
            var stepGates = gates.AsSpan((s * b + start) * g4, count * g4);
            var hPrev = hidden.AsSpan((s * b + start) * h, count * h);
            // unless the input dropout's product made them for all steps: x(t) of these rows into inputs (time-major,
            // as the weight gradients read it), then gates = x(t) (B, F) · weight_ihᵀ (F, 4H)
            if (!this.masked)
            {
                var stepInputs = inputs.AsSpan((s * b + start) * f, count * f);
                for (int r = 0; r < count; r++)
                    x.AsSpan(((start + r) * steps + s) * f, f).CopyTo(stepInputs.Slice(r * f, f));
                MatMul.Gemm(false, count, stepInputs, f, packedInput!, stepGates, g4, false);
            }
            // gates += h(t-1) (B, H) · weight_hhᵀ (H, 4H)
            if (!recurrentMasked)
                MatMul.Gemm(false, count, hPrev, h, packedForward[0], stepGates, g4, true);
            else
                for (int k = 0; k < 4; k++)
                {
                    // gate k sees h(t-1) ⊙ mask_k
                    Masks.Apply(
                        hPrev,
                        recurrentMasks.AsSpan((k * b + start) * h, count * h),
                        masked
                    );
                    MatMul.Gemm(
                        false,
                        count,
                        masked,
                        h,
                        packedForward[k],
                        stepGates.Slice(k * h),
                        g4,
                        true
                    );
                }
            var hNext = hidden.AsSpan(((s + 1) * b + start) * h, count * h);
            LstmCell.Forward(
                stepGates,
                bias,
                cells.AsSpan((s * b + start) * h, count * h),
                cells.AsSpan(((s + 1) * b + start) * h, count * h),
                hNext,
                tanhCells.AsSpan((s * b + start) * h, count * h),
                count,
                h
            );
            if (sequence is not null)
                RecurrentSequence.WriteStep(hNext, sequence, start, s, steps, h);
        }
    }

    // Inference steps for batch rows start..start+count-1 reading x (B, T, F) in place; h(t) also goes to the
    // sequence (B, T, H) when the layer returns sequences.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StepsWithoutHistory(float[] x, int t, float[]? sequence, int start, int count)
    {
        int b = stepBatch,
            f = InputShape[1],
            h = Units,
            g4 = 4 * h;
        var gatesRows = stepGates.AsSpan(start * g4, count * g4);
        var tanhRows = stepTanhCells.AsSpan(start * h, count * h);
        for (int s = 0; s < t; s++)
        {
            int previous = (s % 2) * b,
                next = ((s + 1) % 2) * b;
            var hPrev = stepHidden.AsSpan((previous + start) * h, count * h);
            var hNext = stepHidden.AsSpan((next + start) * h, count * h);
            // gates = x(t) (B, F) · weight_ihᵀ (F, 4H) + h(t-1) (B, H) · weight_hhᵀ (H, 4H)
            MatMul.Gemm(
                false,
                count,
                x.AsSpan((start * t + s) * f),
                t * f,
                packedInput!,
                gatesRows,
                g4,
                false
            );
            MatMul.Gemm(false, count, hPrev, h, packedForward[0], gatesRows, g4, true);
            LstmCell.Forward(
                gatesRows,
                bias,
                stepCells.AsSpan((previous + start) * h, count * h),
                stepCells.AsSpan((next + start) * h, count * h),
                hNext,
                tanhRows,
                count,
                h
            );
            if (sequence is not null)
                RecurrentSequence.WriteStep(hNext, sequence, start, s, t, h);
        }
    }

    // Back-propagation through the steps for batch rows start..start+count-1 (thread part `part`); leaves dGates for all
    // steps, d loss / d h0, d c0 of these rows in dh, dc, (with dx, (B, T, F)) their d loss / d x and, without dropout,
    // their weight gradients in the part's sums.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BackwardSteps(float[] dOut, float[]? dx, int part, int start, int count)
    {
        int b = batch,
            t = steps,
            f = InputShape[1],
            h = Units,
            g4 = 4 * h;
        var dhRows = dh.AsSpan(start * h, count * h);
        var dcRows = dc.AsSpan(start * h, count * h);
        var dhTotal = dhStep.AsSpan(start * h, count * h);
        var masked = scratch.AsSpan(start * h, count * h);
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

            var stepGradients = gateGradients.AsSpan((s * b + start) * g4, count * g4);
            LstmCell.Backward(
                gates.AsSpan((s * b + start) * g4, count * g4),
                cells.AsSpan((s * b + start) * h, count * h),
                tanhCells.AsSpan((s * b + start) * h, count * h),
                dhTotal,
                dcRows,
                stepGradients,
                count,
                h
            );
            // the bias gradient while this step's dGates are in cache: Σ over the part's rows
            ColumnSums.Accumulate(stepGradients, count, g4, biasParts[start / MinRowsPerThread]);
            // and the weight gradients, from the last step down: dweight_ih (4H, F) += dGatesᵀ (4H, B) · x(s) (B, F),
            // dweight_hh (4H, H) += dGatesᵀ (4H, B) · h(s-1) (B, H)
            if (weightGradientsInSteps)
            {
                bool accumulate = s != t - 1;
                StepWeightGradient(
                    stepGradients,
                    inputs.AsSpan((s * b + start) * f, count * f),
                    weightIhParts[part],
                    count,
                    f,
                    accumulate
                );
                StepWeightGradient(
                    stepGradients,
                    hidden.AsSpan((s * b + start) * h, count * h),
                    weightHhParts[part],
                    count,
                    h,
                    accumulate
                );
            }
            // dx(s) (B, F) = dGates (B, 4H) · weight_ih (4H, F), into x's layout (B, T, F)
            if (dx is not null)
                MatMul.Gemm(
                    false,
                    count,
                    stepGradients,
                    g4,
                    packedInputBackward!,
                    dx.AsSpan((start * t + s) * f),
                    t * f,
                    false
                );
            // backprop into h(s-1): dh (B, H) = dGates (B, 4H) · weight_hh (4H, H)
            if (!recurrentMasked)
                MatMul.Gemm(false, count, stepGradients, g4, packedBackward[0], dhRows, h, false);
            else
            {
                dhRows.Clear();
                for (int k = 0; k < 4; k++)
                {
                    MatMul.Gemm(
                        false,
                        count,
                        stepGradients.Slice(k * h),
                        g4,
                        packedBackward[k],
                        masked,
                        h,
                        false
                    );
                    Masks.MultiplyAdd(
                        masked,
                        recurrentMasks.AsSpan((k * b + start) * h, count * h),
                        dhRows
                    );
                }
            }
        }
    }

    // sums (4H, n) = [sums +] dGatesᵀ (4H, rows) · source (rows, n), on this thread alone.
    private void StepWeightGradient(
        ReadOnlySpan<float> stepGradients,
        ReadOnlySpan<float> source,
        Span<float> sums,
        int rows,
        int n,
        bool accumulate
    ) =>
        MatMul.Gemm(
            true,
            false,
            4 * Units,
            n,
            rows,
            stepGradients,
            4 * Units,
            source,
            n,
            sums,
            n,
            accumulate,
            MatMul.BestPath,
            1,
            MatMul.MinMultiplyAddsPerThread
        );

    private MatMulPackedB[] PackRecurrentWeights(bool transB) =>
        packs.Pack(weightHh.Value.Span, Units, transB, perGate: recurrentMasked);

    private void EnsureStepBuffers(int b)
    {
        if (b == stepBatch)
            return;
        int h = Units;
        stepBatch = b;
        stepGates = AlignedFloats.Allocate(b * 4 * h);
        stepHidden = AlignedFloats.Allocate(2 * b * h);
        stepCells = AlignedFloats.Allocate(2 * b * h);
        stepTanhCells = AlignedFloats.Allocate(b * h);
        inferredHidden = new float[b * h];
        inferredCell = new float[b * h];
    }

    private void EnsureBuffers(int b, int t, int f)
    {
        if (b == batch && t == steps)
            return;
        int h = Units;
        batch = b;
        steps = t;
        inputs = buffers.Get(nameof(inputs), t * b * f);
        gates = buffers.AtLeast(nameof(gates), t * b * 4 * h);
        hidden = buffers.Get(nameof(hidden), (t + 1) * b * h);
        cells = buffers.Get(nameof(cells), (t + 1) * b * h);
        tanhCells = buffers.AtLeast(nameof(tanhCells), t * b * h);
        trainingBuffers = false;
    }

    // What only training uses (masks, their copies, gradients), taken on the first training pass of a shape, so
    // a model that only predicts does not zero and fault in twice the memory it needs.
    private void EnsureTrainingBuffers()
    {
        if (trainingBuffers)
            return;
        int b = batch,
            t = steps,
            f = InputShape[1],
            h = Units;
        trainingBuffers = true;
        gateGradients = buffers.AtLeast(nameof(gateGradients), t * b * 4 * h);
        if (Dropout > 0)
            xGradient = buffers.Get(nameof(xGradient), t * b * f);
        // one per row part that can start at a multiple of MinRowsPerThread; kept for the largest batch (the parts a
        // pass does not use stay zero, and adding zeros leaves the sums' bits as they are)
        if (biasParts.Length < b / MinRowsPerThread + 1)
            biasParts = AlignedFloats.AllocateMany(b / MinRowsPerThread + 1, 4 * h);
        inputMasks = buffers.Get(nameof(inputMasks), 4 * b * f);
        recurrentMasks = buffers.Get(nameof(recurrentMasks), 4 * b * h);
        scratch = buffers.AtLeast(nameof(scratch), t * b * Math.Max(f, h));
        dh = buffers.Get(nameof(dh), b * h);
        dc = buffers.Get(nameof(dc), b * h);
        dhStep = buffers.Get(nameof(dhStep), b * h);
    }

    private void FillMasks(Span<float> masks, float[]? fixedMasks, double rate)
    {
        if (fixedMasks is null)
            Masks.Fill(masks, rate, Random);
        else if (fixedMasks.Length != masks.Length)
            throw new ShapeMismatchException(
                $"Lstm layer '{Name}': fixed masks need {masks.Length} values, got {fixedMasks.Length}."
            );
        else
            fixedMasks.CopyTo(masks);
    }

    internal static void CheckRate(double rate, string name)
    {
        if (!(rate >= 0 && rate < 1))
            throw new ArgumentOutOfRangeException(name, $"{name} must be in [0, 1), got {rate}.");
    }
}
