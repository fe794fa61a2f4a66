using LstmLab.Tensors;

namespace LstmLab.Layers;

/// <summary>
/// A layer of a <see cref="Models.Sequential"/> model: a forward pass and its backward pass side by side.
/// Shapes exclude the batch axis: a layer built for input (T, F) receives batches of (B, T, F).
/// </summary>
public abstract class Layer
{
    private readonly List<Parameter> parameters = [];

    /// <summary>The layer's name in summaries and saved files (given by the model: "lstm", "lstm_1", …).</summary>
    public string Name { get; internal set; } = "";

    /// <summary>
    /// Whether the layer takes sequences of any length: axis 1 of the batch (the steps) may differ from
    /// <see cref="InputShape"/>[0], as Keras's <c>Input(shape=(None, F))</c> (for example to generate text one step at a time).
    /// </summary>
    internal virtual bool AnySteps => false;

    /// <summary>Whether the layer carries state from one batch to the next (a stateful recurrent layer), so a batch's rows depend on the batch before.</summary>
    internal virtual bool CarriesState => false;

    /// <summary>The prefix of default names ("lstm", "dense", …).</summary>
    internal abstract string Kind { get; }

    /// <summary>The shape of one input item (no batch axis); set by <see cref="Build"/>.</summary>
    public int[] InputShape { get; private set; } = [];

    /// <summary>The shape of one output item (no batch axis); set by <see cref="Build"/>.</summary>
    public int[] OutputShape { get; private set; } = [];

    /// <summary>Whether <see cref="Build"/> has run.</summary>
    public bool IsBuilt { get; private set; }

    /// <summary>The trainable tensors, in the order PyTorch lists them.</summary>
    public IReadOnlyList<Parameter> Parameters => parameters;

    /// <summary>The number of trainable values.</summary>
    public int ParameterCount => parameters.Sum(p => p.Value.Length);

    /// <summary>
    /// Whether <see cref="Backward"/> must compute d loss / d input. A model's first layer sees data, whose
    /// gradient training never uses, so <see cref="Models.Sequential.Fit"/> turns it off there; when off,
    /// Backward returns <see cref="NoGradient"/>.
    /// </summary>
    internal bool NeedInputGradient { get; set; } = true;

    /// <summary>The empty tensor returned instead of an input gradient nobody needs.</summary>
    protected static readonly Tensor NoGradient = new(0);

    /// <summary>Names a sample's row in error messages (set by the model to the row in the dataset), or null.</summary>
    internal Func<int, string>? RowName { get; set; }

    /// <summary>The random source for dropout masks during training (set by the model).</summary>
    internal Random Random { get; set; } = new(0);

    /// <summary>Creates the parameters for inputs of shape <paramref name="inputShape"/> and initializes them.</summary>
    internal void Build(int[] inputShape, Random init)
    {
        InputShape = (int[])inputShape.Clone();
        OutputShape = OnBuild(inputShape, init);
        IsBuilt = true;
    }

    /// <summary>Creates parameters; returns the output shape for one item.</summary>
    protected abstract int[] OnBuild(int[] inputShape, Random init);

    /// <summary>Registers a trainable tensor under its PyTorch name.</summary>
    protected Parameter AddParameter(string name, params int[] shape)
    {
        if (Tensor.TooLarge(shape) is { } reason)
            throw new ArgumentOutOfRangeException(
                nameof(shape),
                $"{GetType().Name} layer '{Name}' cannot be built: its parameter {name} of {reason}. Use a smaller layer."
            );
        var parameter = new Parameter(this, name, shape);
        parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Registers an inner layer's trainable tensor under this layer's <paramref name="name"/> (the same tensors).</summary>
    internal void AddSharedParameter(string name, Parameter inner) =>
        parameters.Add(new Parameter(this, name, inner));

    /// <summary>
    /// Computes the output for a batch. During training the layer keeps what its backward pass needs;
    /// the returned tensor may be a buffer the layer reuses on its next call.
    /// </summary>
    public abstract Tensor Forward(Tensor input, bool training);

    /// <summary>
    /// An inference pass for the model's own predictions and evaluations (the input is a buffer the model owns): the
    /// outputs of <c>Forward(input, training: false)</c>, which a layer may compute keeping less of the pass.
    /// </summary>
    internal virtual Tensor Infer(Tensor input) => Forward(input, training: false);

    /// <summary>
    /// Given d loss / d output of the last <see cref="Forward"/> call, adds d loss / d parameter to each
    /// parameter's gradient and returns d loss / d input.
    /// </summary>
    public abstract Tensor Backward(Tensor outputGradient);

    /// <summary>
    /// The arguments as summaries show them and saved files record them ("units=32, recurrent_dropout=0.15"): each one
    /// that differs from its default, under the name <see cref="Models.LayerFactory"/> reads it back by (not the
    /// initialization, such as Lstm's unitForgetBias, which a file's weights replace).
    /// </summary>
    internal virtual string Describe() => "";

    /// <summary>
    /// The layer as saved files record it, <c>TYPE(ARGUMENTS)</c> ("Lstm(units=32, return_sequences)").
    /// </summary>
    internal string Description => $"{GetType().Name}({Describe()})";

    /// <summary>Throws a clear error unless <paramref name="input"/> is a batch of items of <see cref="InputShape"/>.</summary>
    protected void CheckInput(Tensor input)
    {
        if (!IsBuilt)
            throw new InvalidOperationException(
                $"Layer '{Name}' is not built yet: add it to a model and call Compile or Fit first."
            );
        if (!Accepts(input.Shape))
            throw new ShapeMismatchException(
                $"Layer '{Name}' ({GetType().Name}) expects input of shape {BatchShape(InputShape)}, "
                    + $"but got {Tensor.Format(input.Shape)}."
            );
    }

    /// <summary>Whether a batch of <paramref name="shape"/> (batch axis first) fits <see cref="InputShape"/>.</summary>
    internal bool Accepts(ReadOnlySpan<int> shape)
    {
        bool ok = shape.Length == InputShape.Length + 1;
        for (int i = 0; ok && i < InputShape.Length; i++)
            ok = shape[i + 1] == InputShape[i] || (i == 0 && AnySteps && shape[1] > 0);
        return ok;
    }

    /// <summary>A shape with the batch axis written as None, as Keras prints it.</summary>
    internal static string BatchShape(int[] shape) =>
        "(None" + string.Concat(shape.Select(d => ", " + d)) + ")";

    /// <summary>Copies <paramref name="values"/> into <paramref name="buffer"/> (or a new tensor) of <paramref name="shape"/> and returns it.</summary>
    protected internal static Tensor Store(
        Tensor? buffer,
        ReadOnlySpan<float> values,
        params int[] shape
    )
    {
        var tensor = Reuse(buffer, shape);
        values.CopyTo(tensor.Span);
        return tensor;
    }

    /// <summary>Returns <paramref name="buffer"/> if it has <paramref name="shape"/>, else a new tensor of that shape.</summary>
    protected internal static Tensor Reuse(Tensor? buffer, params int[] shape) =>
        buffer is not null && buffer.Shape.AsSpan().SequenceEqual(shape)
            ? buffer
            : new Tensor(shape);
}
