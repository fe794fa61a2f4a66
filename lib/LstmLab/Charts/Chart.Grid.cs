using System.Text.Json.Nodes;

namespace LstmLab.Charts;

public static partial class Chart
{
    /// <summary>
    /// Several figures as subplots in a <paramref name="rows"/> × <paramref name="columns"/> grid,
    /// filled row by row; each keeps its title (shown above it) and axis titles. Use
    /// <c>Chart.Grid(1, 2, loss, accuracy)</c> for two charts side by side.
    /// Heatmap colour bars are hidden in a grid, where they would overlap their neighbours.
    /// Lines and bars of the same name (the "train" and "validation" of a loss and an accuracy chart)
    /// share one colour in every subplot and one legend entry.
    /// </summary>
    public static Figure Grid(int rows, int columns, params Figure[] figures)
    {
        if (rows <= 0 || columns <= 0)
            throw new ArgumentOutOfRangeException(
                nameof(rows),
                $"Chart.Grid needs at least one row and one column, got {rows} × {columns}."
            );
        if (figures.Length > rows * columns)
            throw new ArgumentException(
                $"Chart.Grid: {figures.Length} figures do not fit in {rows} × {columns} = {rows * columns} cells.",
                nameof(figures)
            );
        var traces = new JsonArray();
        var annotations = new JsonArray();
        var colours = new Dictionary<string, string>();
        var layout = new JsonObject
        {
            ["grid"] = new JsonObject
            {
                ["rows"] = rows,
                ["columns"] = columns,
                ["pattern"] = "independent",
                ["roworder"] = "top to bottom",
                ["xgap"] = 0.15,
                ["ygap"] = 0.3,
            },
            ["height"] = 320 * rows,
            ["showlegend"] = false,
        };
        for (int i = 0; i < figures.Length; i++)
        {
            // plotly.js names the first subplot's axes x/y (xaxis/yaxis in the layout), then x2/y2, x3/y3, …
            string suffix = i == 0 ? "" : (i + 1).ToString();
            string x = "x" + suffix,
                y = "y" + suffix;
            foreach (var node in figures[i].Traces.ToArray())
            {
                var trace = (JsonObject)node!.DeepClone();
                trace["xaxis"] = x;
                trace["yaxis"] = y;
                if ((string?)trace["type"] == "heatmap")
                    trace["showscale"] = false;
                else
                    ColourByName(trace, colours);
                traces.Add(trace);
            }
            var sub = figures[i].Layout;
            layout["xaxis" + suffix] = Renamed(sub["xaxis"], suffix);
            layout["yaxis" + suffix] = Renamed(sub["yaxis"], suffix);
            if ((bool?)sub["showlegend"] == true)
                layout["showlegend"] = true;
            if (sub["barmode"] is { } barmode)
                layout["barmode"] = barmode.DeepClone();
            if (sub["title"] is JsonObject title)
                annotations.Add(SubplotTitle(title, x, y));
            if (sub["annotations"] is JsonArray own)
                foreach (var annotation in own.ToArray())
                    annotations.Add(Renamed(annotation, suffix));
        }
        layout["annotations"] = annotations;
        return new Figure(traces, layout);
    }

    // plotly.js's default colours, in its order.
    private static readonly string[] Palette =
    [
        "#1f77b4",
        "#ff7f0e",
        "#2ca02c",
        "#d62728",
        "#9467bd",
        "#8c564b",
        "#e377c2",
        "#7f7f7f",
        "#bcbd22",
        "#17becf",
    ];

    // plotly.js colours traces by their index in the whole figure, so a grid's second "train" would get
    // a third colour and a second legend entry: give each name one colour and list it once.
    private static void ColourByName(JsonObject trace, Dictionary<string, string> colours)
    {
        if (trace["name"]?.ToString() is not { Length: > 0 } name || trace["marker"] is not null)
            return;
        bool first = !colours.TryGetValue(name, out string? colour);
        if (first)
            colours[name] = colour = Palette[colours.Count % Palette.Length];
        trace["legendgroup"] = name;
        trace["showlegend"] = first;
        trace["marker"] = new JsonObject { ["color"] = colour };
        if ((string?)trace["type"] == "scatter")
            trace["line"] = new JsonObject { ["color"] = colour };
    }

    private static JsonObject SubplotTitle(JsonObject title, string x, string y)
    {
        var annotation = new JsonObject
        {
            ["text"] = title["text"]?.DeepClone(),
            ["showarrow"] = false,
            ["xref"] = x + " domain",
            ["yref"] = y + " domain",
            ["x"] = 0.5,
            ["y"] = 1.0,
            ["xanchor"] = "center",
            ["yanchor"] = "bottom",
        };
        if (title["font"] is { } font)
            annotation["font"] = font.DeepClone();
        return annotation;
    }

    // A subplot's axis settings and annotations refer to its own axes as x/y; in the grid they become x3/y3.
    private static JsonObject Renamed(JsonNode? settings, string suffix)
    {
        var copy = settings?.DeepClone() as JsonObject ?? new JsonObject();
        foreach (string key in new[] { "scaleanchor", "anchor", "matches", "xref", "yref" })
            if (copy[key] is JsonValue value && value.TryGetValue(out string? axis))
                copy[key] = Rename(axis, suffix);
        return copy;
    }

    private static string Rename(string axis, string suffix) =>
        axis switch
        {
            "x" or "y" => axis + suffix,
            "x domain" or "y domain" => axis[0] + suffix + " domain",
            _ => axis,
        };
}
