using LstmLab.Layers;

namespace LstmLab.Onnx;

/// <summary>
/// Combines the two directions of a bidirectional ONNX recurrent output as <see cref="Bidirectional"/> merges them:
/// Y (T, 2, B, H) or Y_h (2, B, H) → the same with 1 on the direction axis for Sum, Mul and Ave.
/// Concat adds no node: the directions lie side by side, forward first, once that axis moves next to H.
/// </summary>
internal static class DirectionMerge
{
    /// <summary>Adds the nodes merging <paramref name="value"/> over its direction <paramref name="axis"/>; returns the result's name.</summary>
    public static string Merge(OnnxGraph graph, string stem, string value, int axis, MergeMode mode)
    {
        if (mode == MergeMode.Concat)
            return value;
        // (…, 2, …) → forward (…, 1, …), reverse (…, 1, …)
        var directions = graph.Node(
            "Split",
            stem,
            [value],
            2,
            OnnxGraph.Attribute("axis", (long)axis)
        );
        return mode switch
        {
            MergeMode.Sum => graph.Node("Add", stem, directions),
            MergeMode.Mul => graph.Node("Mul", stem, directions),
            // (forward + reverse) · 0.5, as the layer computes it
            MergeMode.Ave => graph.Node(
                "Mul",
                stem,
                [graph.Node("Add", stem, directions), graph.Weight($"{stem}.half", [0.5f])]
            ),
            _ => throw new ArgumentOutOfRangeException(
                nameof(mode),
                $"Merge mode {mode} has no ONNX export."
            ),
        };
    }
}
