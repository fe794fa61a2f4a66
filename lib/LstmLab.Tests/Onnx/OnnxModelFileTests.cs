using LstmLab.Layers;
using LstmLab.Models;
using LstmLab.Onnx;
using LstmLab.Tensors;
using Microsoft.ML.OnnxRuntime;
using OnnxProto = global::Onnx;

namespace LstmLab.Tests.Onnx;

/// <summary>What the ONNX file records (names, symbolic axes, opset, producer, summary), the gate reorders, the stacked directions, refusals and atomic writes.</summary>
public sealed class OnnxModelFileTests
{
    private static Sequential Mnist()
    {
        var model = new Sequential(42)
        {
            new Input(28, 28),
            new Lstm(32, recurrentDropout: 0.15),
            new Dense(10, Activation.Softmax),
        };
        model.Build(28, 28);
        return model;
    }

    [Fact]
    public void RecordsNamesSymbolicBatchOpsetProducerAndSummary()
    {
        var model = Mnist();
        using var session = new InferenceSession(OnnxExport.ToBytes(model));
        var input = Assert.Single(session.InputMetadata);
        Assert.Equal("input", input.Key);
        Assert.Equal([-1, 28, 28], input.Value.Dimensions);
        Assert.Equal("batch", input.Value.SymbolicDimensions[0]);
        var output = Assert.Single(session.OutputMetadata);
        Assert.Equal("output", output.Key);
        Assert.Equal([-1, 10], output.Value.Dimensions);
        Assert.Equal("LstmLab", session.ModelMetadata.ProducerName);
        Assert.Equal(
            model.Summary().ToString(),
            session.ModelMetadata.CustomMetadataMap["summary"]
        );
        var proto = OnnxProto.ModelProto.Parser.ParseFrom(OnnxExport.ToBytes(model));
        Assert.Equal(17, Assert.Single(proto.OpsetImport).Version);
    }

    [Fact]
    public void ModelsOfAnyLengthHaveSymbolicSteps()
    {
        var model = new Sequential(1)
        {
            new Embedding(50, 8),
            new Lstm(4, returnSequences: true),
            new Dense(50),
        };
        model.Build(10);
        using var session = new InferenceSession(OnnxExport.ToBytes(model));
        Assert.Equal(["batch", "steps"], session.InputMetadata["input"].SymbolicDimensions);
        Assert.Equal(["batch", "steps", ""], session.OutputMetadata["output"].SymbolicDimensions);
    }

    // PyTorch's blocks i, f, g, o land in ONNX's order i, o, f, c; the bias is [bias_ih; bias_hh], each reordered.
    [Fact]
    public void LstmGatesAreReorderedFromPyTorchToOnnx()
    {
        const int units = 2,
            features = 3;
        var lstm = new Lstm(units);
        var model = new Sequential(0) { new Input(5, features), lstm };
        model.Build(5, features);
        // Every value of PyTorch's gate block k is k (weights) or 10 + k (bias_ih) or 20 + k (bias_hh).
        model.SetWeights([
            GateBlocks(4, 0, units * features),
            GateBlocks(4, 0, units * units),
            GateBlocks(4, 10, units),
            GateBlocks(4, 20, units),
        ]);
        var graph = OnnxProto.ModelProto.Parser.ParseFrom(OnnxExport.ToBytes(model)).Graph;
        float[] Weight(string name) => [.. graph.Initializer.Single(t => t.Name == name).FloatData];
        int[] order = [0, 3, 1, 2];
        Assert.Equal(Reordered(order, 0, units * features), Weight("lstm.W"));
        Assert.Equal(Reordered(order, 0, units * units), Weight("lstm.R"));
        Assert.Equal(
            [.. Reordered(order, 10, units), .. Reordered(order, 20, units)],
            Weight("lstm.B")
        );
        var node = graph.Node.Single(n => n.OpType == "LSTM");
        Assert.Equal(units, node.Attribute.Single(a => a.Name == "hidden_size").I);
        Assert.Equal("forward", node.Attribute.Single(a => a.Name == "direction").S.ToStringUtf8());
    }

    // PyTorch's blocks r, z, n land in ONNX's order z, r, h, with PyTorch's candidate formula (linear_before_reset = 1).
    [Fact]
    public void GruGatesAreReorderedFromPyTorchToOnnx()
    {
        const int units = 2,
            features = 3;
        var model = new Sequential(0) { new Input(5, features), new Gru(units) };
        model.Build(5, features);
        model.SetWeights([
            GateBlocks(3, 0, units * features),
            GateBlocks(3, 0, units * units),
            GateBlocks(3, 10, units),
            GateBlocks(3, 20, units),
        ]);
        var graph = OnnxProto.ModelProto.Parser.ParseFrom(OnnxExport.ToBytes(model)).Graph;
        float[] Weight(string name) => [.. graph.Initializer.Single(t => t.Name == name).FloatData];
        int[] order = [1, 0, 2];
        Assert.Equal(Reordered(order, 0, units * features), Weight("gru.W"));
        Assert.Equal(Reordered(order, 0, units * units), Weight("gru.R"));
        Assert.Equal(
            [.. Reordered(order, 10, units), .. Reordered(order, 20, units)],
            Weight("gru.B")
        );
        var node = graph.Node.Single(n => n.OpType == "GRU");
        Assert.Equal(1, node.Attribute.Single(a => a.Name == "linear_before_reset").I);
        Assert.Equal("forward", node.Attribute.Single(a => a.Name == "direction").S.ToStringUtf8());
    }

    // The forward direction's weights, then the reverse direction's, on ONNX's num_directions axis.
    [Fact]
    public void BidirectionalStacksForwardThenReverse()
    {
        const int units = 2,
            features = 3;
        var model = new Sequential(0)
        {
            new Input(5, features),
            new Bidirectional(new SimpleRnn(units), MergeMode.Sum),
        };
        model.Build(5, features);
        // forward tensors hold 1, 2, 3, 4; the reverse ones 5, 6, 7, 8
        model.SetWeights([
            .. model.Parameters.Select(
                (p, k) => Enumerable.Repeat(k + 1f, p.Value.Length).ToArray()
            ),
        ]);
        var graph = OnnxProto.ModelProto.Parser.ParseFrom(OnnxExport.ToBytes(model)).Graph;
        OnnxProto.TensorProto Weight(string name) => graph.Initializer.Single(t => t.Name == name);
        float[] Values(string name) => [.. Weight(name).FloatData];
        Assert.Equal(new long[] { 2, units, features }, Weight("bidirectional.W").Dims);
        Assert.Equal(Runs((1, units * features), (5, units * features)), Values("bidirectional.W"));
        Assert.Equal(Runs((2, units * units), (6, units * units)), Values("bidirectional.R"));
        Assert.Equal(
            Runs((3, units), (4, units), (7, units), (8, units)),
            Values("bidirectional.B")
        );
        var node = graph.Node.Single(n => n.OpType == "RNN");
        Assert.Equal(
            "bidirectional",
            node.Attribute.Single(a => a.Name == "direction").S.ToStringUtf8()
        );
    }

    // (value, count) runs one after the other
    private static float[] Runs(params (float Value, int Count)[] runs) =>
        [.. runs.SelectMany(r => Enumerable.Repeat(r.Value, r.Count))];

    // G gate blocks in PyTorch's order, every value of block k being offset + k.
    private static float[] GateBlocks(int gates, int offset, int size) =>
        [
            .. Enumerable
                .Range(0, gates)
                .SelectMany(k => Enumerable.Repeat((float)(offset + k), size)),
        ];

    // The same blocks in ONNX's order: ONNX block k is PyTorch block order[k].
    private static float[] Reordered(int[] order, int offset, int size) =>
        [.. order.SelectMany(k => Enumerable.Repeat((float)(offset + k), size))];

    private sealed class Doubling : Layer
    {
        internal override string Kind => "doubling";

        protected override int[] OnBuild(int[] inputShape, Random init) => inputShape;

        public override Tensor Forward(Tensor input, bool training)
        {
            var y = input.Clone();
            System.Numerics.Tensors.TensorPrimitives.Multiply(y.Span, 2f, y.Span);
            return y;
        }

        public override Tensor Backward(Tensor outputGradient) => outputGradient;
    }

    [Fact]
    public void RefusesALayerWithoutOnnxFormAndLeavesTheFileAlone()
    {
        string folder = Directory.CreateTempSubdirectory("lstmlab-onnx-").FullName;
        try
        {
            string path = Path.Combine(folder, "model.onnx");
            var good = Mnist();
            good.SaveOnnx(path);
            byte[] saved = File.ReadAllBytes(path);
            var model = new Sequential(0)
            {
                new Input(4, 3),
                new Lstm(2, returnSequences: true),
                new Doubling(),
            };
            model.Build(4, 3);
            var error = Assert.Throws<NotSupportedException>(() => model.SaveOnnx(path));
            Assert.Contains("'doubling' (Doubling)", error.Message);
            Assert.Equal(saved, File.ReadAllBytes(path));
            Assert.Equal(["model.onnx"], Directory.GetFiles(folder).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void RefusesAModelThatIsNotBuilt()
    {
        var model = new Sequential(0) { new Lstm(3), new Dense(1) };
        var error = Assert.Throws<InvalidOperationException>(() => OnnxExport.ToBytes(model));
        Assert.Contains("not built", error.Message);
    }

    [Fact]
    public void SavedFileLoadsAndEqualsTheBytes()
    {
        string folder = Directory.CreateTempSubdirectory("lstmlab-onnx-").FullName;
        try
        {
            var model = Mnist();
            string path = Path.Combine(folder, "sub", "mnist.onnx");
            model.SaveOnnx(path);
            Assert.Equal(OnnxExport.ToBytes(model), File.ReadAllBytes(path));
            using var session = new InferenceSession(path);
            Assert.Equal("input", session.InputNames.Single());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
