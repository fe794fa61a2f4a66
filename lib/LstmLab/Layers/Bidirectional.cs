using LstmLab.Kernels;
using LstmLab.Tensors;

namespace LstmLab.Layers;

/// <summary>
/// Keras's <c>Bidirectional</c>: runs a recurrent layer (<see cref="Lstm"/>, <see cref="Gru"/> or <see cref="SimpleRnn"/>)
/// over the sequence and a copy of it with the same arguments over the reversed sequence, and merges the two.
/// With returnSequences the reverse direction's output at step t is its h after reading steps T-1 … t
/// (as PyTorch's <c>bidirectional=True</c>); without, each direction gives its h after its last step.
/// Parameters carry PyTorch's names: the forward layer's (<c>weight_ih_l0</c>, …) and the reverse one's with
/// <c>_reverse</c> (<c>weight_ih_l0_reverse</c>, …), so a saved concat model loads into
/// <c>nn.LSTM(…, bidirectional=True)</c> / <c>nn.GRU</c> / <c>nn.RNN</c> under the layer's name.
/// When two threads are available the two directions run at the same time, each on one thread.
/// </summary>
public sealed class Bidirectional : Layer
{
    private readonly IRecurrentLayer forward;
    private readonly IRecurrentLayer reverse;
    private Random? randomSource;

    private Tensor? reversedInput; // (B, T, F) x with its steps reversed
    private Tensor? reversedGradient; // (B, T, H) the reverse direction's output gradient, steps reversed
    private Tensor? forwardOutput,
        reverseOutput; // (B, T, H) or (B, H), the reverse one in the original step order
    private Tensor? output;
    private Tensor? inputGradient;
    private Tensor? forwardOutputGradient,
        reverseOutputGradient;

    /// <summary>Wraps <paramref name="layer"/> (not yet in a model) and a copy of its arguments for the reverse direction.</summary>
    /// <param name="layer">An <see cref="Lstm"/>, <see cref="Gru"/> or <see cref="SimpleRnn"/>, not stateful.</param>
    /// <param name="mergeMode">How the two directions' outputs are combined.</param>
    public Bidirectional(Layer layer, MergeMode mergeMode = MergeMode.Concat)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer is not IRecurrentLayer recurrent)
            throw new ArgumentException(
                $"Bidirectional wraps an Lstm, Gru or SimpleRnn, got {layer.GetType().Name}.",
                nameof(layer)
            );
        if (recurrent.Stateful)
            throw new ArgumentException(
                $"Bidirectional wraps a stateless {layer.GetType().Name}: a stateful one would carry the reverse "
                    + "direction's state from the start of one batch into the end of the next. Use stateful: false.",
                nameof(layer)
            );
        if (layer.IsBuilt)
            throw new ArgumentException(
                $"Bidirectional needs an unbuilt {layer.GetType().Name}; '{layer.Name}' is already built.",
                nameof(layer)
            );
        if (!Enum.IsDefined(mergeMode))
            throw new ArgumentOutOfRangeException(
                nameof(mergeMode),
                $"mergeMode must be Concat, Sum, Mul or Ave, got {mergeMode}."
            );
        forward = recurrent;
        reverse = (IRecurrentLayer)recurrent.CopyArguments();
        MergeMode = mergeMode;
    }

    /// <summary>The forward-direction layer (the one given to the constructor).</summary>
    public Layer Layer => (Layer)forward;

    /// <summary>The reverse-direction layer (a copy of the given layer's arguments).</summary>
    public Layer BackwardLayer => (Layer)reverse;

    /// <summary>How the two directions' outputs are combined.</summary>
    public MergeMode MergeMode { get; }

    /// <summary>
    /// The final states of the last forward pass, (B, H) each, in Keras's order: the forward direction's h (and c for an LSTM),
    /// then the reverse direction's.
    /// </summary>
    public IReadOnlyList<Tensor> FinalStates => [.. forward.FinalStates, .. reverse.FinalStates];

    /// <summary>d loss / d initial states from the last backward pass, in the order of <see cref="FinalStates"/>.</summary>
    public IReadOnlyList<Tensor> InitialStateGradients =>
        [.. forward.InitialStateGradients, .. reverse.InitialStateGradients];

    internal override bool AnySteps => true;

    internal override string Kind => "bidirectional";

    internal override string Describe() =>
        $"{Layer.Description}, merge_mode={MergeMode.ToString().ToLowerInvariant()}";

    protected override int[] OnBuild(int[] inputShape, Random init)
    {
        var forwardLayer = (Layer)forward;
        var reverseLayer = (Layer)reverse;
        forwardLayer.Name = Name + "_forward";
        reverseLayer.Name = Name + "_backward";
        forwardLayer.Build(inputShape, init);
        reverseLayer.Build(inputShape, init);
        foreach (var p in forwardLayer.Parameters)
            AddSharedParameter(p.LocalName, p);
        foreach (var p in reverseLayer.Parameters)
            AddSharedParameter(p.LocalName + "_reverse", p);
        var shape = (int[])forwardLayer.OutputShape.Clone();
        if (MergeMode == MergeMode.Concat)
            shape[^1] *= 2;
        return shape;
    }

    public override Tensor Forward(Tensor input, bool training) => Forward(input, null, training);

    /// <summary>
    /// Runs both directions over x (B, T, F) from <paramref name="initialState"/> (Keras's order: the forward h [, c], then
    /// the reverse h [, c], each (B, H); null for zeros). The output is (B, T, 2H) or (B, 2H) for Concat, else H wide.
    /// </summary>
    public Tensor Forward(Tensor input, IReadOnlyList<Tensor>? initialState, bool training)
    {
        CheckInput(input);
        int states = forward.StateCount;
        if (initialState is not null && initialState.Count != 2 * states)
            throw new ArgumentException(
                $"Bidirectional layer '{Name}' takes {2 * states} initial states (forward then reverse), got {initialState.Count}.",
                nameof(initialState)
            );
        var forwardStates = new Tensor?[states];
        var reverseStates = new Tensor?[states];
        for (int k = 0; initialState is not null && k < states; k++)
            (forwardStates[k], reverseStates[k]) = (initialState[k], initialState[states + k]);

        ShareRandom();
        ((Layer)forward).NeedInputGradient = NeedInputGradient;
        ((Layer)reverse).NeedInputGradient = NeedInputGradient;
        int b = input.Shape[0],
            t = input.Shape[1],
            f = input.Shape[2];
        reversedInput = Reuse(reversedInput, b, t, f);
        ReverseSteps(input.Span, reversedInput.Span, b, t, f);
        var reversed = reversedInput;

        Tensor? reverseRaw = null;
        BothDirections(
            () => forwardOutput = forward.Forward(input, forwardStates, training),
            () => reverseRaw = reverse.Forward(reversed, reverseStates, training)
        );
        reverseOutput = Reuse(reverseOutput, reverseRaw!.Shape);
        if (forward.ReturnSequences)
            ReverseSteps(reverseRaw.Span, reverseOutput.Span, b, t, forward.Units);
        else
            reverseRaw.Span.CopyTo(reverseOutput.Span);

        int h = forward.Units,
            rows = forwardOutput!.Length / h;
        int[] shape = [.. forwardOutput.Shape];
        if (MergeMode == MergeMode.Concat)
            shape[^1] = 2 * h;
        output = Reuse(output, shape);
        var fo = forwardOutput.Span;
        var ro = reverseOutput.Span;
        var y = output.Span;
        switch (MergeMode)
        {
            case MergeMode.Concat:
                for (int r = 0; r < rows; r++)
                {
                    fo.Slice(r * h, h).CopyTo(y.Slice(2 * r * h, h));
                    ro.Slice(r * h, h).CopyTo(y.Slice((2 * r + 1) * h, h));
                }
                break;
            case MergeMode.Sum:
                Elementwise.Add(fo, ro, y);
                break;
            case MergeMode.Mul:
                Elementwise.Multiply(fo, ro, y);
                break;
            case MergeMode.Ave:
                Elementwise.Add(fo, ro, y);
                Elementwise.Multiply(y, 0.5f, y);
                break;
        }
        return output;
    }

    public override Tensor Backward(Tensor outputGradient) => Backward(outputGradient, null);

    /// <summary>
    /// Back-propagation through both directions. <paramref name="finalStateGradients"/> are d loss / d final states in the
    /// order of <see cref="FinalStates"/> (null when unused). Returns d loss / d x (B, T, F) and sets <see cref="InitialStateGradients"/>.
    /// </summary>
    public Tensor Backward(Tensor outputGradient, IReadOnlyList<Tensor>? finalStateGradients)
    {
        if (output is null || !outputGradient.Shape.AsSpan().SequenceEqual(output.Shape))
            throw new ShapeMismatchException(
                $"Bidirectional layer '{Name}': the output gradient has shape {Tensor.Format(outputGradient.Shape)}, "
                    + $"but the last forward pass produced {Tensor.Format(output?.Shape ?? [])}."
            );
        int states = forward.StateCount;
        if (finalStateGradients is not null && finalStateGradients.Count != 2 * states)
            throw new ArgumentException(
                $"Bidirectional layer '{Name}' takes {2 * states} final-state gradients (forward then reverse), got {finalStateGradients.Count}.",
                nameof(finalStateGradients)
            );
        var forwardFinal = new Tensor?[states];
        var reverseFinal = new Tensor?[states];
        for (int k = 0; finalStateGradients is not null && k < states; k++)
            (forwardFinal[k], reverseFinal[k]) = (
                finalStateGradients[k],
                finalStateGradients[states + k]
            );

        int h = forward.Units,
            rows = forwardOutput!.Length / h;
        forwardOutputGradient = Reuse(forwardOutputGradient, forwardOutput.Shape);
        reverseOutputGradient = Reuse(reverseOutputGradient, forwardOutput.Shape);
        var dy = outputGradient.Span;
        var df = forwardOutputGradient.Span;
        var dr = reverseOutputGradient.Span;
        switch (MergeMode)
        {
            case MergeMode.Concat:
                for (int r = 0; r < rows; r++)
                {
                    dy.Slice(2 * r * h, h).CopyTo(df.Slice(r * h, h));
                    dy.Slice((2 * r + 1) * h, h).CopyTo(dr.Slice(r * h, h));
                }
                break;
            case MergeMode.Sum:
                dy.CopyTo(df);
                dy.CopyTo(dr);
                break;
            case MergeMode.Mul:
                Elementwise.Multiply(dy, reverseOutput!.Span, df);
                Elementwise.Multiply(dy, forwardOutput.Span, dr);
                break;
            case MergeMode.Ave:
                Elementwise.Multiply(dy, 0.5f, df);
                df.CopyTo(dr);
                break;
        }

        int b = forwardOutput.Shape[0];
        var reverseGradient = reverseOutputGradient;
        if (forward.ReturnSequences)
        {
            int t = forwardOutput.Shape[1];
            reversedGradient = Reuse(reversedGradient, b, t, h);
            ReverseSteps(dr, reversedGradient.Span, b, t, h);
            reverseGradient = reversedGradient;
        }

        Tensor? dxForward = null,
            dxReverse = null;
        BothDirections(
            () => dxForward = forward.Backward(forwardOutputGradient, forwardFinal),
            () => dxReverse = reverse.Backward(reverseGradient, reverseFinal)
        );
        if (!NeedInputGradient)
            return NoGradient;
        int steps = dxForward!.Shape[1],
            features = dxForward.Shape[2];
        inputGradient = Reuse(inputGradient, dxForward.Shape);
        ReverseSteps(dxReverse!.Span, inputGradient.Span, b, steps, features);
        Elementwise.Add(inputGradient.Span, dxForward.Span, inputGradient.Span);
        return inputGradient;
    }

    // Each direction as a part of its own: on two threads when two are available, else one after the other
    // (ParallelParts decides); its kernels stay on its thread, so the results are the same whatever the thread count.
    private static void BothDirections(Action first, Action second) =>
        ParallelParts.Run(
            2,
            part =>
            {
                if (part == 0)
                    first();
                else
                    second();
            }
        );

    // Each direction draws its dropout masks from a generator of its own, seeded from the model's.
    private void ShareRandom()
    {
        if (ReferenceEquals(randomSource, Random))
            return;
        randomSource = Random;
        ((Layer)forward).Random = new Random(Random.Next());
        ((Layer)reverse).Random = new Random(Random.Next());
    }

    // dst (B, T, W) = src with steps t and T-1-t swapped.
    private static void ReverseSteps(
        ReadOnlySpan<float> src,
        Span<float> dst,
        int batch,
        int steps,
        int width
    )
    {
        for (int b = 0; b < batch; b++)
        for (int t = 0; t < steps; t++)
            src.Slice((b * steps + t) * width, width)
                .CopyTo(dst.Slice((b * steps + steps - 1 - t) * width, width));
    }
}
