using LstmLab.Layers;

namespace LstmLab.Models;

/// <summary>
/// Every layer type of the library, constructed again from its <see cref="Layer.Description"/> as a saved file records it
/// (the arguments each layer's <c>Describe</c> writes, by the same names).
/// </summary>
internal static class LayerFactory
{
    private static readonly Dictionary<string, Func<DescribedLayer, Layer>> Constructors = new()
    {
        [nameof(Input)] = d => new Input(d.Shape("shape")),
        [nameof(Embedding)] = d => new Embedding(d.Int("vocab"), d.Int("dim")),
        [nameof(Lstm)] = d => new Lstm(
            d.Int("units"),
            returnSequences: d.Flag("return_sequences"),
            returnState: d.Flag("return_state"),
            stateful: d.Flag("stateful"),
            dropout: d.Number("dropout"),
            recurrentDropout: d.Number("recurrent_dropout")
        ),
        [nameof(Gru)] = d => new Gru(
            d.Int("units"),
            returnSequences: d.Flag("return_sequences"),
            returnState: d.Flag("return_state"),
            stateful: d.Flag("stateful"),
            dropout: d.Number("dropout"),
            recurrentDropout: d.Number("recurrent_dropout")
        ),
        [nameof(SimpleRnn)] = d => new SimpleRnn(d.Int("units"), d.Flag("return_sequences")),
        [nameof(Bidirectional)] = d => new Bidirectional(
            Create(d.Layer()),
            d.Choice("merge_mode", MergeMode.Concat)
        ),
        [nameof(Dense)] = d => new Dense(d.Int("units"), d.Choice("activation", Activation.None)),
        [nameof(Dropout)] = d => new Dropout(d.Number("rate")),
    };

    /// <summary>The layer types a description may name.</summary>
    public static IEnumerable<string> Types => Constructors.Keys;

    /// <summary>
    /// A new, unbuilt layer as <paramref name="described"/> records it; an unknown type, argument or value is refused
    /// with the file, the layer and the value.
    /// </summary>
    public static Layer Create(DescribedLayer described)
    {
        if (!Constructors.TryGetValue(described.Type, out var construct))
            throw described.Refuse(
                $"is not a layer type that can be rebuilt (known: {string.Join(", ", Types)})"
            );
        Layer layer;
        try
        {
            layer = construct(described);
        }
        catch (ArgumentException e)
        {
            throw described.Refuse($"cannot be built: {e.Message}");
        }
        described.RefuseUnread();
        return layer;
    }
}
