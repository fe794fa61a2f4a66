using System.Globalization;
using LstmLab.Layers;
using LstmLab.Tensors;

namespace LstmLab.Models;

/// <summary>
/// The layers of a model as one line, <c>NAME=TYPE(ARGUMENTS); …</c> (for example
/// <c>input=Input(shape=28x28); lstm=Lstm(units=32, recurrent_dropout=0.15); dense=Dense(units=10, activation=Softmax)</c>),
/// stored in the metadata of weights files and checkpoints, and the model rebuilt from it and the file's tensors.
/// </summary>
internal static class ModelDescription
{
    /// <summary>The metadata key under which files store the description.</summary>
    public const string Key = "layers";

    /// <summary>The description of <paramref name="layers"/>.</summary>
    public static string Write(IEnumerable<Layer> layers) =>
        string.Join("; ", layers.Select(l => $"{l.Name}={l.GetType().Name}({l.Describe()})"));

    /// <summary>
    /// Rebuilds the model that <paramref name="description"/> describes, built for the shapes of <paramref name="tensors"/>
    /// (read from <paramref name="path"/>), and loads those tensors into it.
    /// </summary>
    public static Sequential Rebuild(
        string description,
        IReadOnlyDictionary<string, Tensor> tensors,
        string path
    )
    {
        var model = new Sequential();
        int[]? inputShape = null;
        foreach (string entry in description.Split("; ", StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, type, arguments) = Parse(entry, path);
            Layer layer;
            if (type == nameof(Input))
            {
                // Files written before the Input recorded its shape have "Input()": the shape then comes from the weights.
                if (!arguments.TryGetValue("shape", out var shape))
                    continue;
                inputShape = [.. shape.Split('x').Select(s => Integer(s, entry, path))];
                layer = new Input(inputShape);
            }
            else
                layer = Create(type, arguments, entry, path);
            model.Add(layer);
            if (layer.Name != name)
                throw new InvalidDataException(
                    $"{path}: layer '{name}' ({entry}) would be named '{layer.Name}' when rebuilt; the description is out of order."
                );
        }
        if (model.Layers.All(l => l is Input))
            throw new InvalidDataException(
                $"{path}: the layer description '{description}' names no layers."
            );
        model.Build(inputShape ?? FirstItemShape(model.Layers[0], tensors, path));
        model.LoadWeights(path, tensors);
        return model;
    }

    private static Layer Create(
        string type,
        Dictionary<string, string> a,
        string entry,
        string path
    )
    {
        int Int(string key) => Integer(Required(a, key, entry, path), entry, path);
        double Rate(string key) =>
            a.TryGetValue(key, out var value)
                ? double.TryParse(value, CultureInfo.InvariantCulture, out var rate)
                    ? rate
                    : throw new InvalidDataException(
                        $"{path}: '{entry}': {key}={value} is not a number."
                    )
                : 0;
        bool Flag(string key) => a.ContainsKey(key);
        return type switch
        {
            nameof(Lstm) => new Lstm(
                Int("units"),
                returnSequences: Flag("return_sequences"),
                stateful: Flag("stateful"),
                dropout: Rate("dropout"),
                recurrentDropout: Rate("recurrent_dropout")
            ),
            nameof(SimpleRnn) => new SimpleRnn(Int("units"), Flag("return_sequences")),
            nameof(Dense) => new Dense(
                Int("units"),
                a.TryGetValue("activation", out var activation)
                    ? Enum.TryParse<Activation>(activation, out var parsed)
                        ? parsed
                        : throw new InvalidDataException(
                            $"{path}: '{entry}': activation {activation} is not one of {string.Join(", ", Enum.GetNames<Activation>())}."
                        )
                    : Activation.None
            ),
            nameof(Embedding) => new Embedding(Int("vocab"), Int("dim")),
            nameof(Dropout) => new Dropout(Rate("rate")),
            _ => throw new InvalidDataException(
                $"{path}: layer type '{type}' in '{entry}' cannot be rebuilt from a file (known: Input, Embedding, Lstm, SimpleRnn, Dense, Dropout)."
            ),
        };
    }

    // A model saved without its Input's shape: the first layer's weights give the features; the steps stay open.
    private static int[] FirstItemShape(
        Layer first,
        IReadOnlyDictionary<string, Tensor> tensors,
        string path
    )
    {
        Tensor Weight(string local) =>
            tensors.TryGetValue($"{first.Name}.{local}", out var tensor)
                ? tensor
                : throw new InvalidDataException($"{path} has no tensor '{first.Name}.{local}'.");
        return first switch
        {
            Embedding => [1],
            Lstm or SimpleRnn => [1, Weight("weight_ih_l0").Shape[1]],
            Dense => [Weight("weight").Shape[1]],
            _ => throw new InvalidDataException(
                $"{path}: the model starts with {first.GetType().Name} '{first.Name}' and records no input shape."
            ),
        };
    }

    // "lstm=Lstm(units=32, return_sequences)" → ("lstm", "Lstm", {units: 32, return_sequences: ""})
    private static (string Name, string Type, Dictionary<string, string> Arguments) Parse(
        string entry,
        string path
    )
    {
        int equals = entry.IndexOf('='),
            open = entry.IndexOf('(');
        if (equals <= 0 || open < equals || !entry.EndsWith(')'))
            throw new InvalidDataException(
                $"{path}: '{entry}' is not a layer description NAME=TYPE(ARGUMENTS)."
            );
        var arguments = entry[(open + 1)..^1]
            .Split(", ", StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv.Length == 2 ? kv[1] : "");
        return (entry[..equals], entry[(equals + 1)..open], arguments);
    }

    private static string Required(
        Dictionary<string, string> a,
        string key,
        string entry,
        string path
    ) =>
        a.TryGetValue(key, out var value)
            ? value
            : throw new InvalidDataException($"{path}: '{entry}' has no {key}.");

    private static int Integer(string text, string entry, string path) =>
        int.TryParse(text, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new InvalidDataException($"{path}: '{entry}': {text} is not a whole number.");
}
