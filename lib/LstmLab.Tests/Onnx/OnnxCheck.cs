using LstmLab.Layers;
using LstmLab.Models;
using LstmLab.Onnx;
using LstmLab.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Tensor = LstmLab.Tensors.Tensor;

namespace LstmLab.Tests.Onnx;

/// <summary>Runs exported models in ONNX Runtime and compares them with <see cref="Sequential.Predict"/>.</summary>
internal static class OnnxCheck
{
    /// <summary>
    /// Every weight of <paramref name="model"/> set to U(-a, a), a = 1/√columns for matrices (PyTorch's recurrent init)
    /// and 0.5 for biases, so that a misplaced gate block or bias shows.
    /// </summary>
    public static void Randomize(Sequential model, int seed)
    {
        var random = new Random(seed);
        model.SetWeights([
            .. model.Parameters.Select(p =>
            {
                float scale = p.Value.Rank == 1 ? 0.5f : 1 / MathF.Sqrt(p.Value.Shape[^1]);
                return Enumerable
                    .Range(0, p.Value.Length)
                    .Select(_ => (float)(random.NextDouble() * 2 - 1) * scale)
                    .ToArray();
            }),
        ]);
    }

    /// <summary>A (shape) tensor of U(-1, 1) values, or of whole token ids in [0, <paramref name="vocabulary"/>).</summary>
    public static Tensor Inputs(int seed, int[] shape, int vocabulary = 0)
    {
        var random = new Random(seed);
        var x = new Tensor(shape);
        for (int i = 0; i < x.Length; i++)
            x.Data[i] =
                vocabulary > 0 ? random.Next(vocabulary) : (float)(random.NextDouble() * 2 - 1);
        return x;
    }

    /// <summary>
    /// The graph inputs of <paramref name="model"/>'s export for the batch <paramref name="x"/>: <c>input</c>, and zero
    /// start states for each stateful layer (<c>NAME.initial_h</c>, and <c>NAME.initial_c</c> for an Lstm; (1, B, H)).
    /// </summary>
    public static Dictionary<string, Tensor> StartInputs(Sequential model, Tensor x)
    {
        var inputs = new Dictionary<string, Tensor> { [OnnxExport.InputName] = x };
        int batch = x.Shape[0];
        foreach (var layer in model.Layers)
            switch (layer)
            {
                case Lstm { Stateful: true } lstm:
                    inputs[$"{lstm.Name}.initial_h"] = new Tensor(1, batch, lstm.Units);
                    inputs[$"{lstm.Name}.initial_c"] = new Tensor(1, batch, lstm.Units);
                    break;
                case Gru { Stateful: true } gru:
                    inputs[$"{gru.Name}.initial_h"] = new Tensor(1, batch, gru.Units);
                    break;
            }
        return inputs;
    }

    /// <summary>Runs the ONNX model in ONNX Runtime's CPU provider; returns every output by name.</summary>
    public static Dictionary<string, Tensor> Run(
        byte[] model,
        IReadOnlyDictionary<string, Tensor> inputs
    )
    {
        using var session = new InferenceSession(model);
        var values = inputs
            .Select(i =>
                NamedOnnxValue.CreateFromTensor(
                    i.Key,
                    new DenseTensor<float>(i.Value.Data, i.Value.Shape)
                )
            )
            .ToList();
        using var results = session.Run(values);
        return results.ToDictionary(
            r => r.Name,
            r =>
            {
                var tensor = r.AsTensor<float>();
                return new Tensor(tensor.ToArray(), [.. tensor.Dimensions]);
            }
        );
    }

    /// <summary>
    /// Predicts <paramref name="x"/> with <paramref name="model"/> and with its ONNX export in ONNX Runtime; returns the
    /// difference of the outputs relative to Predict's scale (<see cref="RelativeDifference"/>).
    /// </summary>
    public static double PredictDifference(Sequential model, Tensor x)
    {
        var expected = model.Predict(x, batchSize: x.Shape[0]);
        var actual = Run(
            OnnxExport.ToBytes(model),
            new Dictionary<string, Tensor> { [OnnxExport.InputName] = x }
        )[OnnxExport.OutputName];
        return RelativeDifference(expected, actual);
    }

    /// <summary>max |a - b| / max(max |expected|, 1e-3): the difference relative to the reference's scale.</summary>
    public static double RelativeDifference(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        double scale = Math.Max(expected.Data.Max(MathF.Abs), 1e-3f);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
            worst = Math.Max(worst, Math.Abs(expected.Data[i] - actual.Data[i]));
        return worst / scale;
    }
}
