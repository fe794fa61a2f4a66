using System.Diagnostics;
using LstmLab.IO;
using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Optimizers;
using LstmLab.Tensors;
using Xunit.Abstractions;

namespace LstmLab.Tests.Engine;

/// <summary>A model trained here, saved as safetensors, loads into PyTorch and gives the same logits.</summary>
public class PyTorchLoadTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void A_trained_model_saved_here_loads_in_pytorch_with_the_same_logits()
    {
        Needs.PyTorch();
        var random = new Random(1);
        var x = new Tensor(
            [.. Enumerable.Range(0, 4 * 6 * 7).Select(_ => (float)random.NextDouble())],
            4,
            6,
            7
        );
        var y = new Tensor([1, 3, 5, 7], 4);
        var model = new Sequential(seed: 4)
        {
            new Input(6, 7),
            new Lstm(8),
            new Dense(10, Activation.Softmax),
        };
        model.Compile(new Adam(0.01), new SparseCategoricalCrossentropy());
        model.Fit(x, y, epochs: 3, batchSize: 2, verbose: 0);

        SaveAndCheckInPyTorch(model, x);
    }

    [SkippableTheory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("simple_rnn")]
    public void A_trained_bidirectional_model_saved_here_loads_in_pytorch_with_the_same_logits(
        string kind
    )
    {
        Needs.PyTorch();
        var random = new Random(2);
        var x = new Tensor(
            [.. Enumerable.Range(0, 4 * 6 * 7).Select(_ => (float)random.NextDouble())],
            4,
            6,
            7
        );
        var y = new Tensor([1, 3, 5, 7], 4);
        Layer inner = kind switch
        {
            "lstm" => new Lstm(8),
            "gru" => new Gru(8),
            _ => new SimpleRnn(8),
        };
        var model = new Sequential(seed: 4)
        {
            new Input(6, 7),
            new Bidirectional(inner),
            new Dense(10, Activation.Softmax),
        };
        model.Compile(new Adam(0.01), new SparseCategoricalCrossentropy());
        model.Fit(x, y, epochs: 3, batchSize: 2, verbose: 0);

        SaveAndCheckInPyTorch(model, x);
    }

    // Saves the model's weights with x and the logits computed here for it, and has check_load.py load
    // them into the PyTorch module their names describe and compare its logits.
    private void SaveAndCheckInPyTorch(Sequential model, Tensor x)
    {
        string folder = Directory.CreateTempSubdirectory().FullName;
        string weights = Path.Combine(folder, "model.safetensors");
        model.SaveWeights(weights);
        model.Predict(x);
        var tensors = new Dictionary<string, Tensor>(SafeTensors.Read(weights).Tensors)
        {
            ["x"] = x,
            ["logits"] = ((Dense)model.Layers[^1]).PreActivation,
        };
        string sample = Path.Combine(folder, "sample.safetensors");
        SafeTensors.Write(sample, tensors);

        var (code, text) = Python(
            Path.Combine(Checkout(), "lib", "LstmLab.Tests", "Reference", "check_load.py"),
            sample
        );
        output.WriteLine(text);
        Assert.True(code == 0, text);
        Assert.Contains("OK", text);
    }

    private static string Checkout() =>
        Sources.DataCache.FindCheckout(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException(
            $"No LstmLab.slnx above {AppContext.BaseDirectory}."
        );

    private static (int, string) Python(string script, string argument)
    {
        var start = new ProcessStartInfo(Needs.Python, [script, argument])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process =
            Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {Needs.Python}.");
        string text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, text);
    }
}
