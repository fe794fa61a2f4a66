using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Optimizers;
using LstmLab.Tensors;
using Xunit.Abstractions;

namespace LstmLab.Tests.Engine;

/// <summary>Whole models against PyTorch: outputs, loss, every gradient, then 10 optimizer steps.</summary>
public class ModelParityTests(ITestOutputHelper output)
{
    // PyTorch module names of the reference models → our layer names.
    private static readonly Dictionary<string, string> StackedNames = new()
    {
        ["lstm1."] = "lstm.",
        ["lstm2."] = "lstm_1.",
    };

    public static TheoryData<string> Cases =>
        [
            "model_imdb",
            "model_mnist",
            "model_regression",
            "model_stacked_mnist",
            "model_imdb_bilstm",
        ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_loss_and_gradients_match_pytorch(string name)
    {
        var r = new ReferenceCase(name, output);
        var model = Create(name, r, new Adam(0.01));
        var prediction = model.Forward(r["x"], training: true);
        var gradient = new Tensor(prediction.Shape);
        double loss = model.ComputeLoss(prediction, r["y"], gradient);
        r.Check("loss", [(float)loss]);
        r.Check(OutputName(name), OutputOf(model, prediction).Span);
        model.Backward(gradient);
        foreach (var p in model.Parameters)
            r.Check("grad." + TorchName(name, p.Name), p.Gradient.Span);
        r.AssertAllMatched();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ten_adam_steps_match_pytorch(string name) =>
        CheckSteps(name, "adam", new Adam(0.01, epsilon: 1e-7));

    [Fact]
    public void Ten_sgd_steps_match_pytorch() =>
        CheckSteps("model_regression", "sgd", new Sgd(0.1));

    private void CheckSteps(string name, string prefix, Optimizer optimizer)
    {
        var r = new ReferenceCase(name, output);
        var model = Create(name, r, optimizer);
        var losses = new float[10];
        for (int step = 0; step < 10; step++)
        {
            var prediction = model.Forward(r["x"], training: true);
            var gradient = new Tensor(prediction.Shape);
            losses[step] = (float)model.ComputeLoss(prediction, r["y"], gradient);
            model.Backward(gradient);
            optimizer.Step(model.Parameters);
        }
        r.Check(prefix + "_losses", losses, tolerance: 1e-4);
        foreach (var p in model.Parameters)
            r.Check($"{prefix}_final.{TorchName(name, p.Name)}", p.Value.Span, tolerance: 1e-4);
        r.AssertAllMatched();
    }

    private static Sequential Create(string name, ReferenceCase r, Optimizer optimizer)
    {
        Sequential model = name switch
        {
            "model_imdb" =>
            [
                new Input(7),
                new Embedding(20, 8),
                new Lstm(6),
                new Dense(1, Activation.Sigmoid),
            ],
            "model_imdb_bilstm" =>
            [
                new Input(7),
                new Embedding(20, 8),
                new Bidirectional(new Lstm(6)),
                new Dense(1, Activation.Sigmoid),
            ],
            "model_mnist" => [new Input(6, 7), new Lstm(8), new Dense(10, Activation.Softmax)],
            "model_regression" => [new Input(8, 1), new Lstm(5), new Dense(1)],
            _ =>
            [
                new Input(6, 7),
                new Lstm(8, returnSequences: true),
                new Lstm(6),
                new Dense(10, Activation.Softmax),
            ],
        };
        Loss loss = name switch
        {
            "model_imdb" or "model_imdb_bilstm" => new BinaryCrossentropy(),
            "model_regression" => new MeanSquaredError(),
            _ => new SparseCategoricalCrossentropy(),
        };
        model.Compile(optimizer, loss);
        foreach (var p in model.Parameters)
            r[TorchName(name, p.Name)].Data.CopyTo(p.Value.Data, 0);
        return model;
    }

    private static string TorchName(string model, string name)
    {
        if (model == "model_stacked_mnist")
            foreach (var (torch, ours) in StackedNames)
                if (name.StartsWith(ours, StringComparison.Ordinal))
                    return torch + name[ours.Length..];
        return name;
    }

    private static string OutputName(string model) =>
        model switch
        {
            "model_imdb" or "model_imdb_bilstm" => "probs",
            "model_regression" => "pred",
            _ => "logits",
        };

    // The softmax models are compared on their logits, the pre-activation of the last Dense layer.
    private static Tensor OutputOf(Sequential model, Tensor prediction) =>
        model.Layers[^1] is Dense { Activation: Activation.Softmax } dense
            ? dense.PreActivation
            : prediction;
}
