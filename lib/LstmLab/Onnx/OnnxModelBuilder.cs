using LstmLab.Models;
using Onnx;

namespace LstmLab.Onnx;

/// <summary>
/// Turns a built <see cref="Sequential"/> into an ONNX model: the graph input, one exporter per layer
/// (<see cref="OnnxLayers"/>), the graph output, the states of stateful layers, opset, producer and metadata.
/// </summary>
internal sealed class OnnxModelBuilder
{
    private readonly List<ValueInfoProto> stateOutputs = [];

    private OnnxModelBuilder() { }

    /// <summary>The graph being built.</summary>
    public OnnxGraph Graph { get; } = new();

    /// <summary>Builds the ONNX model of <paramref name="model"/>.</summary>
    public static ModelProto Build(Sequential model)
    {
        var layers = model.Layers;
        if (layers.Count == 0 || !layers[0].IsBuilt)
            throw new InvalidOperationException(
                "The model is not built yet, so it has no weights to export: start it with new Input(shape…) or call Build, Fit or Predict first."
            );
        var builder = new OnnxModelBuilder();
        var graph = builder.Graph;
        graph.Proto.Name = "lstmlab_sequential";
        var first = layers[0];
        // Steps are symbolic when the model takes sequences of any length (Keras's Input(shape=(None, F))).
        object[] itemShape =
        [
            .. first.InputShape.Select((size, axis) => Axis(size, axis, first.AnySteps)),
        ];
        graph.Input(OnnxExport.InputName, [OnnxExport.BatchAxis, .. itemShape]);
        string value = OnnxExport.InputName;
        foreach (var layer in layers)
            value = OnnxLayers.Export(builder, layer, value);
        var last = layers[^1];
        object[] outputShape =
        [
            OnnxExport.BatchAxis,
            .. last.OutputShape.Select(
                (size, axis) => Axis(size, axis, first.AnySteps && last.OutputShape.Length > 1)
            ),
        ];
        graph.Output(value, OnnxExport.OutputName, outputShape);
        graph.Proto.Output.AddRange(builder.stateOutputs);

        var proto = new ModelProto
        {
            IrVersion = OnnxExport.IrVersion,
            ProducerName = "LstmLab",
            ProducerVersion = typeof(Sequential).Assembly.GetName().Version?.ToString(3) ?? "",
            Domain = "lstmlab",
            ModelVersion = 1,
            DocString = "An LSTM Lab Sequential model in inference mode (dropout off).",
            Graph = graph.Proto,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxExport.Opset });
        proto.MetadataProps.Add(Metadata("summary", model.Summary().ToString()));
        proto.MetadataProps.Add(Metadata(ModelDescription.Key, ModelDescription.Write(layers)));
        return proto;
    }

    /// <summary>Declares a state input of shape (D, batch, H) for a stateful layer; returns its name.</summary>
    public string StateInput(string name, int directions, int units)
    {
        Graph.Input(name, directions, OnnxExport.BatchAxis, units);
        return name;
    }

    /// <summary>Declares <paramref name="value"/>, a final state (D, batch, H), a graph output named <paramref name="name"/>.</summary>
    public void StateOutput(string value, string name, int directions, int units)
    {
        // Graph.Output adds the Identity node and the declaration; the declaration moves after the model's output.
        Graph.Output(value, name, directions, OnnxExport.BatchAxis, units);
        var declared = Graph.Proto.Output[^1];
        Graph.Proto.Output.RemoveAt(Graph.Proto.Output.Count - 1);
        stateOutputs.Add(declared);
    }

    private static object Axis(int size, int axis, bool anySteps) =>
        axis == 0 && anySteps ? OnnxExport.StepsAxis : size;

    private static StringStringEntryProto Metadata(string key, string value) =>
        new() { Key = key, Value = value };
}
