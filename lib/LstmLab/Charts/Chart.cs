using System.Text.Json.Nodes;
using LstmLab.Tensors;

namespace LstmLab.Charts;

/// <summary>
/// Makes <see cref="Figure"/>s: line charts of a training history, scatter plots, bar charts,
/// heatmaps, and grids of several charts.
/// </summary>
/// <example>
/// <code>
/// Chart.Line(("train", history.Loss), ("validation", history.ValLoss))
///      .WithTitle("Loss per epoch").WithXAxis("epoch").WithYAxis("loss")
/// </code>
/// </example>
public static partial class Chart
{
    /// <summary>
    /// One line per series, plotted against 1, 2, 3, … (epochs), e.g.
    /// <c>Chart.Line(("train", trainLoss), ("validation", validationLoss))</c>.
    /// </summary>
    public static Figure Line(params Series[] series) =>
        Line(
            Enumerable
                .Range(1, series.Length == 0 ? 0 : series.Max(s => s.Values.Length))
                .Select(i => (double)i),
            series
        );

    /// <summary>One line per series, all against the same <paramref name="x"/> values.</summary>
    public static Figure Line(IEnumerable<double> x, params Series[] series) =>
        Lines(x.ToArray(), series);

    /// <summary>One line per series, all against the same integer <paramref name="x"/> values.</summary>
    public static Figure Line(IEnumerable<int> x, params Series[] series) =>
        Line(x.Select(v => (double)v), series);

    /// <summary>Points at (<paramref name="x"/>[i], <paramref name="y"/>[i]), without lines.</summary>
    public static Figure Scatter(IEnumerable<double> x, IEnumerable<double> y, string? name = null)
    {
        double[] xs = x.ToArray(),
            ys = y.ToArray();
        if (xs.Length != ys.Length)
            throw new ArgumentException(
                $"Chart.Scatter: x has {xs.Length} values but y has {ys.Length}.",
                nameof(y)
            );
        var trace = Trace("scatter", name ?? "", xs, ys);
        trace["mode"] = "markers";
        return new Figure([trace], new JsonObject { ["showlegend"] = name is not null });
    }

    /// <summary>
    /// Bars for each category, one colour per series (grouped side by side), e.g.
    /// <c>Chart.Bar(["LSTM", "GRU"], ("accuracy", [0.91, 0.89]))</c>.
    /// </summary>
    public static Figure Bar(IEnumerable<string> categories, params Series[] series)
    {
        string[] names = categories.ToArray();
        var traces = new JsonArray();
        foreach (var s in series)
        {
            if (s.Values.Length != names.Length)
                throw new ArgumentException(
                    $"Chart.Bar: series '{s.Name}' has {s.Values.Length} values but there are {names.Length} categories.",
                    nameof(series)
                );
            traces.Add(
                new JsonObject
                {
                    ["type"] = "bar",
                    ["name"] = s.Name,
                    ["x"] = JsonValues.Strings(names),
                    ["y"] = JsonValues.Numbers(s.Values),
                }
            );
        }
        var layout = new JsonObject
        {
            ["barmode"] = "group",
            ["showlegend"] = series.Length > 1,
            ["xaxis"] = new JsonObject { ["type"] = "category" },
        };
        return new Figure(traces, layout);
    }

    /// <summary>
    /// A heatmap of <paramref name="z"/> (rows, cols): row 0 at the top, like a matrix or an image.
    /// <paramref name="x"/> labels the columns and <paramref name="y"/> the rows (optional);
    /// <paramref name="colorscale"/> is a plotly.js name such as Viridis, Greys, Blues or RdBu.
    /// </summary>
    public static Figure Heatmap(
        double[,] z,
        IEnumerable<string>? x = null,
        IEnumerable<string>? y = null,
        string colorscale = "Viridis"
    )
    {
        int rows = z.GetLength(0),
            cols = z.GetLength(1);
        var trace = new JsonObject
        {
            ["type"] = "heatmap",
            ["z"] = JsonValues.Rows(z),
            ["colorscale"] = colorscale,
        };
        var xaxis = new JsonObject();
        var yaxis = new JsonObject { ["autorange"] = "reversed" };
        if (x is not null)
        {
            string[] labels = Labels(x, cols, "x (columns)");
            trace["x"] = JsonValues.Strings(labels);
            xaxis["type"] = "category";
        }
        if (y is not null)
        {
            string[] labels = Labels(y, rows, "y (rows)");
            trace["y"] = JsonValues.Strings(labels);
            yaxis["type"] = "category";
        }
        return new Figure([trace], new JsonObject { ["xaxis"] = xaxis, ["yaxis"] = yaxis });
    }

    /// <summary>A heatmap of a float matrix (rows, cols); see the double overload.</summary>
    public static Figure Heatmap(
        float[,] z,
        IEnumerable<string>? x = null,
        IEnumerable<string>? y = null,
        string colorscale = "Viridis"
    ) => Heatmap(ToDouble(z), x, y, colorscale);

    /// <summary>A heatmap of a rank-2 tensor (rows, cols), e.g. gate activations (units, time steps).</summary>
    public static Figure Heatmap(
        Tensor z,
        IEnumerable<string>? x = null,
        IEnumerable<string>? y = null,
        string colorscale = "Viridis"
    )
    {
        if (z.Rank != 2)
            throw new ArgumentException(
                $"Chart.Heatmap needs a tensor of shape (rows, cols), got ({string.Join(", ", z.Shape)}).",
                nameof(z)
            );
        var matrix = new double[z.Shape[0], z.Shape[1]];
        for (int r = 0; r < z.Shape[0]; r++)
        for (int c = 0; c < z.Shape[1]; c++)
            matrix[r, c] = z.Data[r * z.Shape[1] + c];
        return Heatmap(matrix, x, y, colorscale);
    }

    /// <summary>
    /// All traces of <paramref name="figures"/> in one chart (e.g. the validation loss of several
    /// runs); titles and axes come from the first figure.
    /// </summary>
    public static Figure Overlay(params Figure[] figures)
    {
        if (figures.Length == 0)
            throw new ArgumentException(
                "Chart.Overlay needs at least one figure.",
                nameof(figures)
            );
        var traces = new JsonArray();
        foreach (var figure in figures)
        foreach (var trace in figure.Traces.ToArray())
            traces.Add(trace!.DeepClone());
        var layout = figures[0].Layout;
        layout["showlegend"] = true;
        return new Figure(traces, layout);
    }

    private static Figure Lines(double[] x, Series[] series)
    {
        var traces = new JsonArray();
        foreach (var s in series)
        {
            if (s.Values.Length > x.Length)
                throw new ArgumentException(
                    $"Chart.Line: series '{s.Name}' has {s.Values.Length} values but x has only {x.Length}.",
                    nameof(series)
                );
            var trace = Trace("scatter", s.Name, x[..s.Values.Length], s.Values);
            // Markers help read a short history (a few epochs); on long curves they only add clutter.
            trace["mode"] = s.Values.Length <= 50 ? "lines+markers" : "lines";
            traces.Add(trace);
        }
        return new Figure(traces, new JsonObject { ["showlegend"] = series.Length > 1 });
    }

    private static JsonObject Trace(string type, string name, double[] x, double[] y) =>
        new()
        {
            ["type"] = type,
            ["name"] = name,
            ["x"] = JsonValues.Numbers(x),
            ["y"] = JsonValues.Numbers(y),
        };

    private static string[] Labels(IEnumerable<string> labels, int expected, string axis)
    {
        string[] result = labels.ToArray();
        if (result.Length != expected)
            throw new ArgumentException(
                $"Chart.Heatmap: {axis} has {result.Length} labels but z has {expected}."
            );
        return result;
    }

    private static double[,] ToDouble(float[,] z)
    {
        var result = new double[z.GetLength(0), z.GetLength(1)];
        for (int r = 0; r < z.GetLength(0); r++)
        for (int c = 0; c < z.GetLength(1); c++)
            result[r, c] = z[r, c];
        return result;
    }
}
