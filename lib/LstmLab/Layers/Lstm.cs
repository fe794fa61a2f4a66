using LstmLab.Kernels;
using LstmLab.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

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
public sealed class Lstm : Layer
{
    private Parameter weightIh = null!;
    private Parameter weightHh = null!;
    private Parameter biasIh = null!;
    private Parameter biasHh = null!;

    // Buffers for one (B, T) shape, allocated once and reused.
    private int batch = -1,
        steps = -1;
    private float[] inputs = []; // (T, B, F) time-major copy of x
    private float[] gates = []; // (T, B, 4H) activated i, f, g, o
    private float[] hidden = []; // (T+1, B, H): h0, h1 … hT
    private float[] cells = []; // (T+1, B, H): c0, c1 … cT
    private float[] tanhCells = []; // (T, B, H)
    private float[] gateGradients = []; // (T, B, 4H)
    private float[] bias = []; // (4H) bias_ih + bias_hh
    private float[] inputMasks = []; // (4, B, F) Keras dropout, one mask per gate
    private float[] recurrentMasks = []; // (4, B, H) Keras recurrent dropout, one mask per gate
    private float[] scratch = []; // (T·B, max(F, H)) masked copies
    private float[] xGradient = []; // (T, B, F) d loss / d x, time-major
    private float[][] biasParts = []; // per thread part: Σ of its rows' dGates (4H), summed in part order
    private float[] dh = [],
        dc = [],
        dhStep = []; // (B, H)
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
    private readonly MatMulPackedB[]?[] packs = new MatMulPackedB[]?[4]; // by (transB, recurrentMasked)

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

    /// <summary>Per-step activations of the last forward pass, for inspecting the gates.</summary>
    public LstmTrace Trace() =>
        new(
            batch,
            steps,
            Units,
            (float[])gates.Clone(),
            (float[])cells.Clone(),
            (float[])hidden.Clone()
        );

    /// <summary>Fixed masks for tests: (4, B, F) input and (4, B, H) recurrent masks used instead of random ones.</summary>
    internal (float[]? Input, float[]? Recurrent) FixedMasks { get; set; }

    internal override bool AnySteps => true;

    internal override string Kind => "lstm";

    internal override string Describe()
    {
        var parts = new List<string> { $"units={Units}" };
        if (ReturnSequences)
            parts.Add("return_sequences");
        if (Stateful)
            parts.Add("stateful");
        if (Dropout > 0)
            parts.Add($"dropout={Dropout}");
        if (RecurrentDropout > 0)
            parts.Add($"recurrent_dropout={RecurrentDropout}");
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
            h = Units,
            g4 = 4 * h;
        EnsureBuffers(b, t, f);
        if (Stateful && initialHidden is null && carriedHidden?.Shape[0] == b)
            (initialHidden, initialCell) = (carriedHidden, carriedCell);
        CopyState(initialHidden, hidden, "initial hidden state");
        CopyState(initialCell, cells, "initial cell state");

        for (int k = 0; k < g4; k++)
            bias[k] = biasIh.Value.Data[k] + biasHh.Value.Data[k];
        masked = training && Dropout > 0;
        recurrentMasked = training && RecurrentDropout > 0;
        if (masked)
            FillMasks(inputMasks, FixedMasks.Input, Dropout);
        if (recurrentMasked)
            FillMasks(recurrentMasks, FixedMasks.Recurrent, RecurrentDropout);

        packedForward = PackRecurrentWeights(transB: true);

        // x (B, T, F) → inputs (T, B, F); the input projection of all steps in one product:
        // gates (T·B, 4H) = inputs (T·B, F) · weight_ihᵀ (F, 4H)
        Transpose.SwapLeadingAxes(input.Span, inputs, b, t, f);
        int rows = t * b;
        if (!masked)
            MatMul.Gemm(
                false,
                true,
                rows,
                g4,
                f,
                inputs,
                f,
                weightIh.Value.Data,
                f,
                gates,
                g4,
                false
            );
        else
            for (int k = 0; k < 4; k++)
            {
                // gate k: (inputs ⊙ mask_k) · W_ih[k]ᵀ into columns kH..(k+1)H
                Masks.Apply(
                    inputs.AsSpan(0, rows * f),
                    inputMasks.AsSpan(k * b * f, b * f),
                    scratch
                );
                MatMul.Gemm(
                    false,
                    true,
                    rows,
                    h,
                    f,
                    scratch,
                    f,
                    weightIh.Value.Span.Slice(k * h * f),
                    f,
                    gates.AsSpan(k * h),
                    g4,
                    false
                );
            }

        RowSplit.Run(b, MinRowsPerThread, (start, count) => ForwardSteps(start, count));

        FinalHiddenState = Store(FinalHiddenState, hidden.AsSpan(t * b * h, b * h), b, h);
        FinalCellState = Store(FinalCellState, cells.AsSpan(t * b * h, b * h), b, h);
        if (Stateful)
            (carriedHidden, carriedCell) = (FinalHiddenState, FinalCellState);

        if (ReturnSequences)
        {
            output = Reuse(output, b, t, h);
            Transpose.SwapLeadingAxes(hidden.AsSpan(b * h, t * b * h), output.Span, t, b, h);
        }
        else
        {
            output = Reuse(output, b, h);
            hidden.AsSpan(t * b * h, b * h).CopyTo(output.Span);
        }
        return output;
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
        int b = batch,
            t = steps,
            f = InputShape[1],
            h = Units,
            g4 = 4 * h,
            rows = t * b;
        if (output is null || !outputGradient.Shape.AsSpan().SequenceEqual(output.Shape))
            throw new ShapeMismatchException(
                $"Lstm layer '{Name}': the output gradient has shape {Tensor.Format(outputGradient.Shape)}, "
                    + $"but the last forward pass produced {Tensor.Format(output?.Shape ?? [])}."
            );
        Array.Clear(dh);
        Array.Clear(dc);
        finalHiddenGradient?.Span.CopyTo(dh);
        finalCellGradient?.Span.CopyTo(dc);

        packedBackward = PackRecurrentWeights(transB: false);
        var dOut = outputGradient.Data;
        foreach (var part in biasParts)
            Array.Clear(part);
        RowSplit.Run(b, MinRowsPerThread, (start, count) => BackwardSteps(dOut, start, count));
        InitialHiddenGradient = Store(InitialHiddenGradient, dh, b, h);
        InitialCellGradient = Store(InitialCellGradient, dc, b, h);

        // Weight gradients of all steps at once, after the loop.
        // dweight_hh (4H, H) += dGatesᵀ (4H, T·B) · h(t-1) (T·B, H)
        var hPrev = hidden.AsSpan(0, rows * h); // h(t-1) for t = 0..T-1
        if (!recurrentMasked)
            WeightGradient.Accumulate(
                gateGradients,
                0,
                g4,
                hidden,
                0,
                h,
                weightHh.Gradient.Data,
                0,
                h,
                g4,
                h,
                rows
            );
        else
            for (int k = 0; k < 4; k++)
            {
                Masks.Apply(hPrev, recurrentMasks.AsSpan(k * b * h, b * h), scratch);
                WeightGradient.Accumulate(
                    gateGradients,
                    k * h,
                    g4,
                    scratch,
                    0,
                    h,
                    weightHh.Gradient.Data,
                    k * h * h,
                    h,
                    h,
                    h,
                    rows
                );
            }

        // dweight_ih (4H, F) += dGatesᵀ (4H, T·B) · x (T·B, F); dx (T·B, F) = dGates · weight_ih
        if (!masked)
        {
            WeightGradient.Accumulate(
                gateGradients,
                0,
                g4,
                inputs,
                0,
                f,
                weightIh.Gradient.Data,
                0,
                f,
                g4,
                f,
                rows
            );
            if (NeedInputGradient)
                MatMul.Gemm(
                    false,
                    false,
                    rows,
                    f,
                    g4,
                    gateGradients,
                    g4,
                    weightIh.Value.Data,
                    f,
                    xGradient,
                    f,
                    false
                );
        }
        else
        {
            if (NeedInputGradient)
                Array.Clear(xGradient);
            for (int k = 0; k < 4; k++)
            {
                var mask = inputMasks.AsSpan(k * b * f, b * f);
                Masks.Apply(inputs.AsSpan(0, rows * f), mask, scratch);
                WeightGradient.Accumulate(
                    gateGradients,
                    k * h,
                    g4,
                    scratch,
                    0,
                    f,
                    weightIh.Gradient.Data,
                    k * h * f,
                    f,
                    h,
                    f,
                    rows
                );
                if (NeedInputGradient)
                {
                    MatMul.Gemm(
                        false,
                        false,
                        rows,
                        f,
                        h,
                        gateGradients.AsSpan(k * h),
                        g4,
                        weightIh.Value.Span.Slice(k * h * f),
                        f,
                        scratch,
                        f,
                        false
                    );
                    Masks.MultiplyAdd(scratch.AsSpan(0, rows * f), mask, xGradient);
                }
            }
        }

        // dbias_ih = dbias_hh = Σ over steps and batch of dGates (summed per part in the step loop)
        foreach (var part in biasParts)
        {
            TensorPrimitives.Add(biasIh.Gradient.Span, part, biasIh.Gradient.Span);
            TensorPrimitives.Add(biasHh.Gradient.Span, part, biasHh.Gradient.Span);
        }

        if (!NeedInputGradient)
            return NoGradient;
        inputGradient = Reuse(inputGradient, b, t, f);
        Transpose.SwapLeadingAxes(xGradient, inputGradient.Span, t, b, f);
        return inputGradient;
    }

    /// <summary>Rows below this many per thread are not worth a thread of their own.</summary>
    private const int MinRowsPerThread = 16;

    // The step loop for batch rows start..start+count-1 (they do not interact within a step).
    private void ForwardSteps(int start, int count)
    {
        int b = batch,
            h = Units,
            g4 = 4 * h;
        var masked = scratch.AsSpan(start * h, count * h);
        for (int s = 0; s < steps; s++)
        {
            var stepGates = gates.AsSpan((s * b + start) * g4, count * g4);
            var hPrev = hidden.AsSpan((s * b + start) * h, count * h);
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
            LstmCell.Forward(
                stepGates,
                bias,
                cells.AsSpan((s * b + start) * h, count * h),
                cells.AsSpan(((s + 1) * b + start) * h, count * h),
                hidden.AsSpan(((s + 1) * b + start) * h, count * h),
                tanhCells.AsSpan((s * b + start) * h, count * h),
                count,
                h
            );
        }
    }

    // Back-propagation through the steps for batch rows start..start+count-1; leaves dGates for all steps,
    // and d loss / d h0, d c0 of these rows in dh, dc.
    private void BackwardSteps(float[] dOut, int start, int count)
    {
        int b = batch,
            t = steps,
            h = Units,
            g4 = 4 * h;
        var dhRows = dh.AsSpan(start * h, count * h);
        var dcRows = dc.AsSpan(start * h, count * h);
        var dhTotal = dhStep.AsSpan(start * h, count * h);
        var masked = scratch.AsSpan(start * h, count * h);
        for (int s = t - 1; s >= 0; s--)
        {
            // d loss / d h(s) = from the output at step s + from step s+1 (in dh)
            dhRows.CopyTo(dhTotal);
            if (ReturnSequences)
                for (int r = 0; r < count; r++)
                {
                    var dst = dhTotal.Slice(r * h, h);
                    TensorPrimitives.Add(dst, dOut.AsSpan(((start + r) * t + s) * h, h), dst);
                }
            else if (s == t - 1)
                TensorPrimitives.Add(dhTotal, dOut.AsSpan(start * h, count * h), dhTotal);

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

    // One packed weight_hh for the whole product, or one per gate block when each gate sees its own masked h;
    // kept for each of the four uses so training and evaluation batches do not repack into new buffers.
    private MatMulPackedB[] PackRecurrentWeights(bool transB)
    {
        int h = Units;
        var weights = weightHh.Value.Span;
        ref var packed = ref packs[(transB ? 2 : 0) + (recurrentMasked ? 1 : 0)];
        if (packed is not null)
        {
            for (int k = 0; k < packed.Length; k++)
                packed[k].Repack(weights.Slice(k * packed[k].K * packed[k].N), h);
            return packed;
        }
        if (!recurrentMasked)
            // forward: op(B) = W_hhᵀ (H, 4H); backward: op(B) = W_hh (4H, H)
            packed =
            [
                transB
                    ? new MatMulPackedB(true, h, 4 * h, weights, h)
                    : new MatMulPackedB(false, 4 * h, h, weights, h),
            ];
        else
            packed =
            [
                .. Enumerable
                    .Range(0, 4)
                    .Select(k => new MatMulPackedB(
                        transB,
                        h,
                        h,
                        weightHh.Value.Span.Slice(k * h * h),
                        h
                    )),
            ];
        return packed;
    }

    private void EnsureBuffers(int b, int t, int f)
    {
        if (b == batch && t == steps)
            return;
        int h = Units;
        batch = b;
        steps = t;
        inputs = new float[t * b * f];
        gates = new float[t * b * 4 * h];
        gateGradients = new float[t * b * 4 * h];
        hidden = new float[(t + 1) * b * h];
        cells = new float[(t + 1) * b * h];
        tanhCells = new float[t * b * h];
        bias = new float[4 * h];
        xGradient = new float[t * b * f];
        biasParts =
        [
            .. Enumerable.Range(0, b / MinRowsPerThread + 1).Select(_ => new float[4 * h]),
        ];
        inputMasks = new float[4 * b * f];
        recurrentMasks = new float[4 * b * h];
        scratch = new float[t * b * Math.Max(f, h)];
        dh = new float[b * h];
        dc = new float[b * h];
        dhStep = new float[b * h];
    }

    private void CopyState(Tensor? state, float[] destination, string what)
    {
        var first = destination.AsSpan(0, batch * Units);
        if (state is null)
        {
            first.Clear();
            return;
        }
        if (state.Rank != 2 || state.Shape[0] != batch || state.Shape[1] != Units)
            throw new ShapeMismatchException(
                $"Lstm layer '{Name}': the {what} must be ({batch}, {Units}), got {Tensor.Format(state.Shape)}."
            );
        state.Span.CopyTo(first);
    }

    private void FillMasks(float[] masks, float[]? fixedMasks, double rate)
    {
        if (fixedMasks is null)
            Masks.Fill(masks, rate, Random);
        else if (fixedMasks.Length != masks.Length)
            throw new ShapeMismatchException(
                $"Lstm layer '{Name}': fixed masks need {masks.Length} values, got {fixedMasks.Length}."
            );
        else
            fixedMasks.CopyTo(masks, 0);
    }

    internal static void CheckRate(double rate, string name)
    {
        if (!(rate >= 0 && rate < 1))
            throw new ArgumentOutOfRangeException(name, $"{name} must be in [0, 1), got {rate}.");
    }
}
