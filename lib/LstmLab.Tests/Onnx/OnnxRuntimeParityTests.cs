using LstmLab.Layers;
using LstmLab.Models;
using LstmLab.Onnx;
using LstmLab.Tensors;
using Xunit.Abstractions;

namespace LstmLab.Tests.Onnx;

/// <summary>ONNX Runtime's outputs for an exported model equal <see cref="Sequential.Predict"/>'s within 1e-5 of their scale.</summary>
public sealed class OnnxRuntimeParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    // Each notebook's model (full-run sizes), with the vocabulary of the ids it reads (0: real-valued inputs).
    public static TheoryData<string, int[], int> NotebookModels =>
        new()
        {
            { "01 MNIST LSTM 32", [28, 28], 0 },
            { "02 MNIST stacked", [28, 28], 0 },
            { "03 MNIST 256 units", [28, 28], 0 },
            { "04 IMDB Embedding+LSTM 128", [200], 10000 },
            { "04 IMDB Embedding+GRU 128", [200], 10000 },
            { "04 IMDB Embedding+Bidirectional LSTM 128", [200], 10000 },
            { "05 forecast LSTM", [24, 1], 0 },
            { "07 next word", [10], 8000 },
        };

    private static Sequential Notebook(string name) =>
        name switch
        {
            "01 MNIST LSTM 32" => new Sequential(42)
            {
                new Input(28, 28),
                new Lstm(32, recurrentDropout: 0.15),
                new Dense(10, Activation.Softmax),
            },
            "02 MNIST stacked" => new Sequential(42)
            {
                new Input(28, 28),
                new Lstm(32, returnSequences: true, recurrentDropout: 0.15),
                new Lstm(32, recurrentDropout: 0.15),
                new Dense(10, Activation.Softmax),
            },
            "03 MNIST 256 units" => new Sequential(42)
            {
                new Input(28, 28),
                new Lstm(256, recurrentDropout: 0.15),
                new Dense(10, Activation.Softmax),
            },
            "04 IMDB Embedding+LSTM 128" => new Sequential(42)
            {
                new Input(200),
                new Embedding(10000, 128),
                new Lstm(128, dropout: 0.2, recurrentDropout: 0.2),
                new Dense(1, Activation.Sigmoid),
            },
            "04 IMDB Embedding+GRU 128" => new Sequential(42)
            {
                new Input(200),
                new Embedding(10000, 128),
                new Gru(128, dropout: 0.2, recurrentDropout: 0.2),
                new Dense(1, Activation.Sigmoid),
            },
            "04 IMDB Embedding+Bidirectional LSTM 128" => new Sequential(42)
            {
                new Input(200),
                new Embedding(10000, 128),
                new Bidirectional(new Lstm(128, dropout: 0.2, recurrentDropout: 0.2)),
                new Dense(1, Activation.Sigmoid),
            },
            "05 forecast LSTM" => new Sequential(42)
            {
                new Input(24, 1),
                new Lstm(32),
                new Dense(1),
            },
            "07 next word" => new Sequential(42)
            {
                new Embedding(8000, 64),
                new Lstm(128),
                new Dense(8000, Activation.Softmax),
            },
            _ => throw new ArgumentException(name),
        };

    [Theory]
    [MemberData(nameof(NotebookModels))]
    public void NotebookModelMatchesPredict(string name, int[] item, int vocabulary)
    {
        var model = Notebook(name);
        model.Build(item);
        OnnxCheck.Randomize(model, seed: 1);
        var x = OnnxCheck.Inputs(2, [5, .. item], vocabulary);
        var expected = model.Predict(x, batchSize: 5);
        var actual = OnnxCheck.Run(
            OnnxExport.ToBytes(model),
            new Dictionary<string, Tensor> { ["input"] = x }
        )["output"];
        double difference = OnnxCheck.RelativeDifference(expected, actual);
        output.WriteLine($"{name}: max difference {difference:E2} of scale");
        Assert.True(
            difference <= Tolerance,
            $"{name}: ONNX Runtime differs from Predict by {difference:E2} of scale."
        );
    }
}
