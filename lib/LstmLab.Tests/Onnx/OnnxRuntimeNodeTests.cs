using LstmLab.Layers;
using LstmLab.Models;
using LstmLab.Tensors;
using Xunit.Abstractions;

namespace LstmLab.Tests.Onnx;

/// <summary>A second runtime, onnxruntime-node, gives the same outputs as Predict and as ONNX Runtime for .NET.</summary>
public sealed class OnnxRuntimeNodeTests(ITestOutputHelper output)
{
    [Fact]
    public void NodeRuntimeAgreesWithPredict()
    {
        // Notebook 04's shape, smaller, with every recurrent operator on the way: a bidirectional LSTM, a GRU and a
        // SimpleRnn, stacked with returned sequences.
        var model = new Sequential(3)
        {
            new Input(20),
            new Embedding(300, 16),
            new Bidirectional(new Lstm(24, returnSequences: true, dropout: 0.2)),
            new Gru(16, returnSequences: true),
            new SimpleRnn(12),
            new Dense(1, Activation.Sigmoid),
        };
        model.Build(20);
        OnnxCheck.Randomize(model, 4);
        var x = OnnxCheck.Inputs(5, [7, 20], vocabulary: 300);
        var expected = model.Predict(x, batchSize: 7);
        string folder = Directory.CreateTempSubdirectory("lstmlab-onnx-node-").FullName;
        try
        {
            string path = Path.Combine(folder, "model.onnx");
            model.SaveOnnx(path);
            var inputs = new Dictionary<string, Tensor> { ["input"] = x };
            var node = OnnxRuntimeNode.Run(path, inputs)["output"];
            var dotnet = OnnxCheck.Run(File.ReadAllBytes(path), inputs)["output"];
            double difference = OnnxCheck.RelativeDifference(expected, node);
            output.WriteLine(
                $"onnxruntime-node {OnnxRuntimeNode.Version}: {difference:E2} of scale from Predict, "
                    + $"{OnnxCheck.RelativeDifference(dotnet, node):E2} from ONNX Runtime for .NET"
            );
            Assert.True(
                difference <= 1e-5,
                $"onnxruntime-node differs from Predict by {difference:E2} of scale."
            );
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
