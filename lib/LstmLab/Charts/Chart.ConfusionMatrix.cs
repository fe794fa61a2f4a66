using System.Globalization;
using System.Text.Json.Nodes;

namespace LstmLab.Charts;

public static partial class Chart
{
    /// <summary>
    /// The confusion matrix of a classifier: cell (row a, column p) counts the examples of class
    /// a predicted as p, written in the cell; the diagonal holds the correct ones. Classes are
    /// 0 … n-1, named by <paramref name="labels"/> (default: their numbers).
    /// </summary>
    public static Figure ConfusionMatrix(
        IReadOnlyList<int> actual,
        IReadOnlyList<int> predicted,
        IEnumerable<string>? labels = null
    )
    {
        if (actual.Count != predicted.Count)
            throw new ArgumentException(
                $"Chart.ConfusionMatrix: {actual.Count} actual classes but {predicted.Count} predictions.",
                nameof(predicted)
            );
        int largest = actual.Concat(predicted).DefaultIfEmpty(0).Max();
        string[] names =
            labels?.ToArray()
            ?? Enumerable.Range(0, largest + 1).Select(c => c.ToString()).ToArray();
        int classes = names.Length;
        var counts = new double[classes, classes];
        int correct = 0;
        for (int i = 0; i < actual.Count; i++)
        {
            int a = actual[i],
                p = predicted[i];
            if (a < 0 || a >= classes || p < 0 || p >= classes)
                throw new ArgumentOutOfRangeException(
                    nameof(actual),
                    $"Chart.ConfusionMatrix: example {i} has actual class {a} and prediction {p}, but the classes are 0..{classes - 1}."
                );
            counts[a, p]++;
            if (a == p)
                correct++;
        }
        double accuracy = actual.Count == 0 ? 0 : (double)correct / actual.Count;
        return Heatmap(counts, names, names)
            .WithEachTrace(trace =>
            {
                // White for empty cells up to dark blue for the largest count (plotly's own "Blues" runs the other way).
                trace["colorscale"] = new JsonArray(
                    new JsonArray(0, "#f7fbff"),
                    new JsonArray(1, "#08306b")
                );
                trace["texttemplate"] = "%{z}";
            })
            .WithTitle(
                $"Confusion matrix: {correct} of {actual.Count} correct ({accuracy.ToString("P1", CultureInfo.InvariantCulture)})"
            )
            .WithXAxis("predicted")
            .WithYAxis("actual");
    }
}
