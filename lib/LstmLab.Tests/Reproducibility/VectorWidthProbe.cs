using System.Globalization;
using System.Runtime.Intrinsics;
using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Optimizers;
using LstmLab.Tensors;

namespace LstmLab.Tests.Reproducibility;

/// <summary>
/// What a child process of <see cref="VectorWidthTests"/> runs: trains three small models that between
/// them use every layer, loss and clipping mode, and prints every trained weight, prediction and epoch loss
/// as the hex of its float bits, one tensor per line. The parent compares these lines between processes
/// started with different vector widths.
/// </summary>
internal static class VectorWidthProbe
{
    /// <summary>The first argument that makes the test assembly run the probe instead of doing nothing.</summary>
    public const string Command = "vector-width-probe";

    public static void Run(TextWriter output)
    {
        output.WriteLine(Widths);
        Sequences(output);
        Tokens(output);
        Regression(output);
    }

    // SimpleRnn → Lstm with both dropouts (units 24: one Vector512 and a tail) → softmax; Adam clipped per tensor.
    /// <summary>The first line: which vector widths this process runs with.</summary>
    public static string Widths =>
        $"widths 512={Vector512.IsHardwareAccelerated} 256={Vector256.IsHardwareAccelerated} 128={Vector128.IsHardwareAccelerated}";

    private static void Sequences(TextWriter output)
    {
        var model = new Sequential(seed: 3)
        {
            new Input(12, 5),
            new SimpleRnn(20, returnSequences: true),
            new Lstm(24, dropout: 0.1, recurrentDropout: 0.2),
            new Dense(3, Activation.Softmax),
        };
        model.Compile(new Adam(0.01, clipNorm: 0.05), new SparseCategoricalCrossentropy());
        var x = Uniform(new Random(1), 100, 12, 5);
        var y = Labels(new Random(2), 100, 3);
        Train(output, "sequences", model, x, y);
    }

    // Embedding → Lstm 64 (products large enough for two threads and packed panels) → sigmoid; SGD with a global clip.
    private static void Tokens(TextWriter output)
    {
        var model = new Sequential(seed: 4)
        {
            new Input(30),
            new Embedding(50, 16),
            new Lstm(64),
            new Dense(1, Activation.Sigmoid),
        };
        model.Compile(new Sgd(0.5, momentum: 0.9, globalClipNorm: 0.1), new BinaryCrossentropy());
        var random = new Random(5);
        var x = new Tensor(
            [.. Enumerable.Range(0, 160 * 30).Select(_ => (float)random.Next(50))],
            160,
            30
        );
        var y = Labels(new Random(6), 160, 2);
        Train(output, "tokens", model, x, y);
    }

    // Two stacked Lstm 17 (no whole vector) → linear; Adam with value clipping and mean squared error.
    private static void Regression(TextWriter output)
    {
        var model = new Sequential(seed: 7)
        {
            new Input(10, 1),
            new Lstm(17, returnSequences: true),
            new Lstm(17),
            new Dense(1),
        };
        model.Compile(new Adam(0.01, clipValue: 0.05), new MeanSquaredError());
        var x = Uniform(new Random(8), 90, 10, 1);
        var y = Uniform(new Random(9), 90, 1);
        Train(output, "regression", model, x, y);
    }

    private static void Train(TextWriter output, string name, Sequential model, Tensor x, Tensor y)
    {
        var history = model.Fit(x, y, epochs: 3, batchSize: 32, seed: 11, verbose: 0);
        var losses = history["loss"];
        output.WriteLine(
            $"{name}.loss "
                + string.Join(
                    " ",
                    losses.Select(l => BitConverter.DoubleToInt64Bits(l).ToString("x16"))
                )
        );
        output.WriteLine(
            $"{name}.last_gradient_norm {BitConverter.DoubleToInt64Bits(model.Optimizer.LastGradientNorm):x16}"
        );
        foreach (var p in model.Parameters)
            output.WriteLine($"{name}.{p.Name} {Hex(p.Value.Span)}");
        output.WriteLine($"{name}.predict {Hex(model.Predict(x, batchSize: 25).Span)}");
    }

    private static string Hex(ReadOnlySpan<float> values)
    {
        var text = new System.Text.StringBuilder(values.Length * 9);
        foreach (float v in values)
            text.Append(
                BitConverter.SingleToInt32Bits(v).ToString("x8", CultureInfo.InvariantCulture)
            );
        return text.ToString();
    }

    private static Tensor Uniform(Random random, params int[] shape)
    {
        var t = new Tensor(shape);
        for (int i = 0; i < t.Length; i++)
            t.Data[i] = (float)(random.NextDouble() * 2 - 1);
        return t;
    }

    private static Tensor Labels(Random random, int count, int classes) =>
        new([.. Enumerable.Range(0, count).Select(_ => (float)random.Next(classes))], count);
}
