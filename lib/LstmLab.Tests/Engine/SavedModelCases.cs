using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Optimizers;
using LstmLab.Tensors;
using LstmLab.Tests.Onnx;

namespace LstmLab.Tests.Engine;

/// <summary>
/// Models with a <see cref="Gru"/> or a <see cref="Bidirectional"/> (around each recurrent layer, with each merge mode),
/// saved with random weights as a weights file or a checkpoint, for the tests of <see cref="Sequential.FromFile"/>.
/// </summary>
internal static class SavedModelCases
{
    /// <summary>Every case name, each with both ways of saving ("weights", "checkpoint").</summary>
    public static TheoryData<string, string> All()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in Names)
        foreach (string saved in new[] { "weights", "checkpoint" })
            data.Add(name, saved);
        return data;
    }

    private static IEnumerable<string> Names =>
        [
            "gru",
            "gru-stacked-stateful-dropout",
            "bidirectional-return-state-dropout",
            "embedding-bidirectional-gru",
            .. from inner in new[] { nameof(Lstm), nameof(Gru), nameof(SimpleRnn) }
            from mode in Enum.GetValues<MergeMode>()
            select $"bidirectional-{inner}-{mode}",
        ];

    /// <summary>The case's model, built with random weights, and a batch of 6 inputs for it.</summary>
    public static (Sequential Model, Tensor X) Create(string name)
    {
        var (model, item, vocabulary) = name switch
        {
            "gru" => (new Sequential(11) { new Input(6, 3), new Gru(5), new Dense(2) }, [6, 3], 0),
            "gru-stacked-stateful-dropout" => (
                new Sequential(12)
                {
                    new Input(6, 3),
                    new Gru(5, returnSequences: true, dropout: 0.2, recurrentDropout: 0.15),
                    new Gru(4, stateful: true),
                    new Dense(3, Activation.Softmax),
                },
                [6, 3],
                0
            ),
            "bidirectional-return-state-dropout" => (
                new Sequential(13)
                {
                    new Input(6, 3),
                    new Bidirectional(
                        new Lstm(4, returnState: true, dropout: 0.3, recurrentDropout: 0.25)
                    ),
                    new Dense(2, Activation.Sigmoid),
                },
                [6, 3],
                0
            ),
            "embedding-bidirectional-gru" => (
                new Sequential(14)
                {
                    new Embedding(30, 5),
                    new Bidirectional(new Gru(4, returnSequences: true), MergeMode.Ave),
                    new Dense(30, Activation.Softmax),
                },
                [9],
                30
            ),
            _ => Wrapped(name),
        };
        model.Build(item);
        OnnxCheck.Randomize(model, 21);
        return (model, OnnxCheck.Inputs(22, [6, .. item], vocabulary));
    }

    /// <summary>Saves <paramref name="model"/> into <paramref name="folder"/> with SaveWeights or (compiled) Save; returns the file.</summary>
    public static string Save(Sequential model, string saved, string folder)
    {
        string path = Path.Combine(folder, $"{saved}.safetensors");
        if (saved == "weights")
            model.SaveWeights(path);
        else
        {
            model.Compile(new Adam(), new MeanSquaredError());
            model.Save(path);
        }
        return path;
    }

    // "bidirectional-Gru-Sum": that layer wrapped with that merge mode; sum and ave return sequences.
    private static (Sequential, int[], int) Wrapped(string name)
    {
        string[] parts = name.Split('-');
        var mode = Enum.Parse<MergeMode>(parts[2]);
        bool sequences = mode is MergeMode.Sum or MergeMode.Ave;
        Layer inner = parts[1] switch
        {
            nameof(Lstm) => new Lstm(4, returnSequences: sequences),
            nameof(Gru) => new Gru(4, returnSequences: sequences),
            nameof(SimpleRnn) => new SimpleRnn(4, returnSequences: sequences),
            _ => throw new ArgumentException(name),
        };
        return (
            new Sequential(15)
            {
                new Input(6, 3),
                new Bidirectional(inner, mode),
                new Dense(2, Activation.Tanh),
            },
            [6, 3],
            0
        );
    }
}
