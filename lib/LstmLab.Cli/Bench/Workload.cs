using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Optimizers;
using LstmLab.Tensors;

namespace LstmLab.Cli.Bench;

/// <summary>
/// A training workload of the speed issue, on synthetic data of the exact shapes, matching
/// lib/LstmLab.Benchmarks/pytorch/bench_torch.py workload for workload.
/// </summary>
internal sealed record Workload(
    string Name,
    int Samples,
    int Steps,
    int Features,
    int BatchSize,
    Func<Sequential> Create,
    bool TokenIds = false,
    bool InferenceOnly = false
)
{
    public static readonly Workload[] All =
    [
        Mnist("mnist32", 32),
        Mnist("mnist32-recdrop", 32, recurrentDropout: 0.15),
        new(
            "stacked",
            48000,
            28,
            28,
            128,
            () =>
                [
                    new Input(28, 28),
                    new Lstm(32, returnSequences: true),
                    new Lstm(32),
                    new Dense(10, Activation.Softmax),
                ]
        ),
        Mnist("sweep48", 48),
        Mnist("sweep96", 96),
        Mnist("sweep256", 256),
        new(
            "imdb128",
            20000,
            200,
            1,
            64,
            () =>
                [
                    new Input(200),
                    new Embedding(10000, 128),
                    new Lstm(128),
                    new Dense(1, Activation.Sigmoid),
                ],
            TokenIds: true
        ),
        new("ts50", 3000, 60, 1, 32, () => [new Input(60, 1), new Lstm(50), new Dense(1)]),
        Inference("infer-mnist32", 128),
        Inference("infer-mnist32-b10000", 10000),
        new(
            "gru32",
            48000,
            28,
            28,
            128,
            () => [new Input(28, 28), new Gru(32), new Dense(10, Activation.Softmax)]
        ),
        Imdb("gru128-imdb", () => new Gru(128)),
        Imdb("bilstm128-imdb", () => new Bidirectional(new Lstm(128))),
        // notebook 04's comparison: dropout 0.2 and recurrent dropout 0.2 (one product per gate each step)
        Imdb("lstm128-imdb-drop", () => new Lstm(128, dropout: 0.2, recurrentDropout: 0.2)),
        Imdb("gru128-imdb-drop", () => new Gru(128, dropout: 0.2, recurrentDropout: 0.2)),
        Imdb(
            "bilstm128-imdb-drop",
            () => new Bidirectional(new Lstm(128, dropout: 0.2, recurrentDropout: 0.2))
        ),
    ];

    // Predict over 10,000 MNIST-shaped samples with the mnist32 model, at the given batch size.
    private static Workload Inference(string name, int batchSize) =>
        new(
            name,
            10000,
            28,
            28,
            batchSize,
            () => [new Input(28, 28), new Lstm(32), new Dense(10, Activation.Softmax)],
            InferenceOnly: true
        );

    private static Workload Imdb(string name, Func<Layer> recurrent) =>
        new(
            name,
            20000,
            200,
            1,
            64,
            () =>
                [
                    new Input(200),
                    new Embedding(10000, 128),
                    recurrent(),
                    new Dense(1, Activation.Sigmoid),
                ],
            TokenIds: true
        );

    private static Workload Mnist(string name, int units, double recurrentDropout = 0) =>
        new(
            name,
            48000,
            28,
            28,
            128,
            () =>
                [
                    new Input(28, 28),
                    new Lstm(units, recurrentDropout: recurrentDropout),
                    new Dense(10, Activation.Softmax),
                ]
        );

    /// <summary>The model, compiled with Adam and the workload's loss.</summary>
    public Sequential Build()
    {
        var model = Create();
        Loss loss = model.Layers[^1] switch
        {
            Dense { Activation: Activation.Sigmoid } => new BinaryCrossentropy(),
            Dense { Activation: Activation.Softmax } => new SparseCategoricalCrossentropy(),
            _ => new MeanSquaredError(),
        };
        model.Compile(new Adam(0.001), loss);
        return model;
    }

    /// <summary>Random inputs and targets of the workload's shapes.</summary>
    public (Tensor X, Tensor Y) Data(Sequential model)
    {
        var random = new Random(1);
        var x = TokenIds ? new Tensor(Samples, Steps) : new Tensor(Samples, Steps, Features);
        for (int i = 0; i < x.Length; i++)
            x.Data[i] = TokenIds ? random.Next(10000) : (float)random.NextDouble();
        var y = model.Layers[^1] switch
        {
            Dense { Activation: Activation.Softmax } d => Labels(random, d.Units),
            Dense { Activation: Activation.Sigmoid } => Labels(random, 2),
            _ => new Tensor(
                [.. Enumerable.Range(0, Samples).Select(_ => (float)random.NextDouble())],
                Samples,
                1
            ),
        };
        return (x, y);
    }

    /// <summary>
    /// Floating-point operations of one epoch: 2·N·T·(I+H)·G·H per recurrent layer and direction forward (G gates:
    /// 4 for an LSTM, 3 for a GRU), twice that backward.
    /// </summary>
    public double Flops(Sequential model)
    {
        double forward = 0;
        foreach (var layer in model.Layers)
            forward += layer switch
            {
                Lstm lstm => StepFlops(lstm, lstm.Units, 4),
                Gru gru => StepFlops(gru, gru.Units, 3),
                Bidirectional { Layer: Lstm lstm } => 2 * StepFlops(lstm, lstm.Units, 4),
                Bidirectional { Layer: Gru gru } => 2 * StepFlops(gru, gru.Units, 3),
                _ => 0,
            };
        return InferenceOnly ? forward : 3 * forward;
    }

    private double StepFlops(Layer layer, int units, int gates) =>
        2.0 * Samples * Steps * (layer.InputShape[1] + units) * gates * units;

    private Tensor Labels(Random random, int classes) =>
        new([.. Enumerable.Range(0, Samples).Select(_ => (float)random.Next(classes))], Samples);
}
