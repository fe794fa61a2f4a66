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
        string.Join("; ", layers.Select(l => $"{l.Name}={l.Description}"));

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
        foreach (string entry in description.Split("; ", StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = entry.IndexOf('=');
            if (equals <= 0)
                throw new InvalidDataException(
                    $"{path}: '{entry}' is not a layer description NAME=TYPE(ARGUMENTS)."
                );
            string name = entry[..equals];
            var described = DescribedLayer.Parse(entry[(equals + 1)..], $"{path}: layer '{entry}'");
            // Files written before the Input recorded its shape have "Input()": the shape then comes from the weights.
            if (described.Type == nameof(Input) && described.IsEmpty)
                continue;
            var layer = LayerFactory.Create(described);
            try
            {
                model.Add(layer);
            }
            catch (ArgumentException e)
            {
                throw described.Refuse($"cannot be added to the model: {e.Message}");
            }
            if (layer.Name != name)
                throw new InvalidDataException(
                    $"{path}: layer '{name}' ({entry}) would be named '{layer.Name}' when rebuilt; the description is out of order."
                );
        }
        if (model.Layers.All(l => l is Input))
            throw new InvalidDataException(
                $"{path}: the layer description '{description}' names no layers."
            );
        model.Build(
            model.Layers[0] is Input input
                ? input.Shape
                : FirstItemShape(model.Layers[0], tensors, path)
        );
        model.LoadWeights(path, tensors);
        return model;
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
            IRecurrentLayer or Bidirectional => [1, Weight("weight_ih_l0").Shape[1]],
            Dense => [Weight("weight").Shape[1]],
            _ => throw new InvalidDataException(
                $"{path}: the model starts with {first.GetType().Name} '{first.Name}' and records no input shape."
            ),
        };
    }
}
