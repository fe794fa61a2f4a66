using LstmLab.Layers;
using Onnx;

namespace LstmLab.Onnx;

/// <summary>One exporter per layer type: the ONNX nodes that compute the layer's inference-mode forward pass.</summary>
internal static class OnnxLayers
{
    /// <summary>Adds the nodes of <paramref name="layer"/> reading <paramref name="x"/>; returns the output's name.</summary>
    public static string Export(OnnxModelBuilder model, Layer layer, string x) =>
        layer switch
        {
            Input => x,
            // Dropout only acts while training.
            Dropout => x,
            Embedding embedding => Embedding(model.Graph, embedding, x),
            Dense dense => Dense(model.Graph, dense, x),
            IRecurrentLayer cell => OnnxRecurrent.Export(
                model,
                layer,
                x,
                cell,
                [Direction(layer)],
                MergeMode.Concat
            ),
            // forward, then reverse: ONNX's order on its num_directions axis
            Bidirectional bidirectional => OnnxRecurrent.Export(
                model,
                layer,
                x,
                (IRecurrentLayer)bidirectional.Layer,
                [Direction(bidirectional.Layer), Direction(bidirectional.BackwardLayer)],
                bidirectional.MergeMode
            ),
            _ => throw new NotSupportedException(
                $"Layer '{layer.Name}' ({layer.GetType().Name}) has no ONNX export: LSTM Lab exports "
                    + "Input, Embedding, Lstm, Gru, SimpleRnn, Bidirectional, Dense and Dropout layers."
            ),
        };

    // A recurrent layer's parameters in the order it registers them: weight_ih, weight_hh, bias_ih, bias_hh.
    private static RecurrentDirection Direction(Layer layer)
    {
        var p = layer.Parameters;
        return new(p[0].Value.Data, p[1].Value.Data, p[2].Value.Data, p[3].Value.Data);
    }

    // ids (B, T) as floats → int64 → rows of weight (vocab, D): (B, T, D)
    private static string Embedding(OnnxGraph graph, Embedding layer, string ids)
    {
        string weight = graph.Weight(
            $"{layer.Name}.weight",
            layer.Parameters[0].Value.Data,
            layer.InputDim,
            layer.OutputDim
        );
        string integers = graph.Node(
            "Cast",
            layer.Name,
            [ids],
            OnnxGraph.Attribute("to", (long)TensorProto.Types.DataType.Int64)
        );
        return graph.Node(
            "Gather",
            layer.Name,
            [weight, integers],
            OnnxGraph.Attribute("axis", 0L)
        );
    }

    // (B, F) → Gemm(x, weight (U, F), bias, transB) → (B, U); (B, T, F) → MatMul(x, weightᵀ (F, U)) + bias → (B, T, U)
    private static string Dense(OnnxGraph graph, Dense layer, string x)
    {
        int units = layer.Units,
            features = layer.InputShape[^1];
        var weight = layer.Parameters[0].Value.Data;
        string bias = graph.Weight($"{layer.Name}.bias", layer.Parameters[1].Value.Data, units);
        string z;
        if (layer.InputShape.Length == 1)
        {
            string w = graph.Weight($"{layer.Name}.weight", weight, units, features);
            z = graph.Node("Gemm", layer.Name, [x, w, bias], OnnxGraph.Attribute("transB", 1L));
        }
        else
        {
            var transposed = new float[weight.Length];
            for (int u = 0; u < units; u++)
            for (int f = 0; f < features; f++)
                transposed[f * units + u] = weight[u * features + f];
            string product = graph.Node(
                "MatMul",
                layer.Name,
                [x, graph.Weight($"{layer.Name}.weight_t", transposed, features, units)]
            );
            z = graph.Node("Add", layer.Name, [product, bias]);
        }
        return layer.Activation switch
        {
            Activation.None => z,
            Activation.Relu => graph.Node("Relu", layer.Name, [z]),
            Activation.Tanh => graph.Node("Tanh", layer.Name, [z]),
            Activation.Sigmoid => graph.Node("Sigmoid", layer.Name, [z]),
            Activation.Softmax => graph.Node(
                "Softmax",
                layer.Name,
                [z],
                OnnxGraph.Attribute("axis", -1L)
            ),
            _ => throw new NotSupportedException(
                $"Dense layer '{layer.Name}': activation {layer.Activation} has no ONNX export."
            ),
        };
    }
}
