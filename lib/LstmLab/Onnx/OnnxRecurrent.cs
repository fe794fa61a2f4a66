using LstmLab.Layers;

namespace LstmLab.Onnx;

/// <summary>
/// Exports a recurrent layer as an ONNX LSTM / GRU / RNN node with the sequence plumbing around it. Our layers are
/// batch-first, (B, T, F) in and (B, T, D·H) or (B, D·H) out; the ONNX operators are time-major:
/// X (T, B, F), Y (T, D, B, H), Y_h (D, B, H), with D = num_directions.
/// </summary>
internal static class OnnxRecurrent
{
    /// <summary>
    /// Adds the nodes for <paramref name="layer"/> reading x (B, T, F); returns the output's name. <paramref name="cell"/>
    /// is the recurrent layer that computes it (the layer itself, or the one a <see cref="Bidirectional"/> wraps), and
    /// <paramref name="merge"/> how a bidirectional layer combines its two directions.
    /// A stateful layer gets graph inputs <c>NAME.initial_h</c> (and <c>NAME.initial_c</c>) of shape (D, batch, H)
    /// and graph outputs <c>NAME.final_h</c> (and <c>NAME.final_c</c>): the caller carries the states between calls.
    /// </summary>
    public static string Export(
        OnnxModelBuilder model,
        Layer layer,
        string x,
        IRecurrentLayer cell,
        IReadOnlyList<RecurrentDirection> directions,
        MergeMode merge
    )
    {
        var graph = model.Graph;
        var op = RecurrentOp.For(cell);
        string name = layer.Name;
        bool stateful = cell.Stateful;
        int units = cell.Units,
            features = layer.InputShape[^1],
            d = directions.Count,
            g = op.Gates;
        var (w, r, b) = (new List<float>(), new List<float>(), new List<float>());
        foreach (var direction in directions)
        {
            op.AppendReordered(w, direction.WeightIh, units, features);
            op.AppendReordered(r, direction.WeightHh, units, units);
            op.AppendReordered(b, direction.BiasIh, units, 1);
            op.AppendReordered(b, direction.BiasHh, units, 1);
        }
        // x (B, T, F) → (T, B, F)
        string timeMajor = graph.Node("Transpose", name, [x], OnnxGraph.Attribute("perm", 1, 0, 2));
        var inputs = new List<string>
        {
            timeMajor,
            graph.Weight($"{name}.W", [.. w], d, g * units, features), // (D, G·H, F)
            graph.Weight($"{name}.R", [.. r], d, g * units, units), // (D, G·H, H)
            graph.Weight($"{name}.B", [.. b], d, 2 * g * units), // (D, 2·G·H): [Wb; Rb]
            "", // sequence_lens: every sequence has all T steps
        };
        if (stateful)
        {
            inputs.Add(model.StateInput($"{name}.initial_h", d, units));
            if (op.HasCell)
                inputs.Add(model.StateInput($"{name}.initial_c", d, units));
        }
        var outputs = graph.Node(
            op.OpType,
            name,
            [.. inputs],
            op.HasCell ? 3 : 2,
            [
                OnnxGraph.Attribute("hidden_size", units),
                OnnxGraph.Attribute("direction", d == 2 ? "bidirectional" : "forward"),
                .. op.Attributes,
            ]
        );
        if (stateful)
        {
            model.StateOutput(outputs[1], $"{name}.final_h", d, units);
            if (op.HasCell)
                model.StateOutput(outputs[2], $"{name}.final_c", d, units);
        }
        if (cell.ReturnSequences)
        {
            // Y (T, D, B, H) → merged (T, D', B, H) → (B, T, D', H) → (B, T, D'·H): for Concat D' = D, the directions
            // side by side, forward first; else D' = 1
            string merged = DirectionMerge.Merge(graph, name, outputs[0], axis: 1, merge);
            string batchFirst = graph.Node(
                "Transpose",
                name,
                [merged],
                OnnxGraph.Attribute("perm", 2, 0, 1, 3)
            );
            return graph.Node(
                "Reshape",
                name,
                [batchFirst, graph.Int64s($"{name}.shape", 0, 0, -1)]
            );
        }
        // Y_h (D, B, H) → merged (D', B, H) → (B, D', H) → (B, D'·H): each direction's h after its last step
        // (for the reverse direction, after step 1)
        string lastMerged = DirectionMerge.Merge(graph, name, outputs[1], axis: 0, merge);
        string last = graph.Node(
            "Transpose",
            name,
            [lastMerged],
            OnnxGraph.Attribute("perm", 1, 0, 2)
        );
        return graph.Node("Reshape", name, [last, graph.Int64s($"{name}.shape", 0, -1)]);
    }
}
