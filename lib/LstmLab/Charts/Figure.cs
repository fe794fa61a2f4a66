using System.Text.Json;
using System.Text.Json.Nodes;
using LstmLab.Display;

namespace LstmLab.Charts;

/// <summary>
/// A plotly.js chart: traces (the data) and a layout (titles, axes, size). Make one with
/// <see cref="Chart"/>, refine it with the <c>With…</c> methods (each returns a new figure), and
/// let the notebook show it: the kernel and the <c>lstmlab</c> runner both call <see cref="ToHtml"/>.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class Figure : IHtmlRenderable
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    private readonly JsonArray traces;
    private readonly JsonObject layout;

    internal Figure(JsonArray traces, JsonObject layout)
    {
        this.traces = traces;
        this.layout = layout;
    }

    /// <summary>The number of traces (lines, bar groups, heatmaps) in the figure.</summary>
    public int TraceCount => traces.Count;

    /// <summary>A copy with <paramref name="title"/> above the chart.</summary>
    public Figure WithTitle(string title) =>
        WithLayout(l => l["title"] = new JsonObject { ["text"] = title });

    /// <summary>A copy whose x axis is labelled <paramref name="title"/> (logarithmic if asked).</summary>
    public Figure WithXAxis(string title, bool logScale = false) =>
        WithAxis("xaxis", title, logScale);

    /// <summary>A copy whose y axis is labelled <paramref name="title"/> (logarithmic if asked, e.g. for a loss).</summary>
    public Figure WithYAxis(string title, bool logScale = false) =>
        WithAxis("yaxis", title, logScale);

    /// <summary>A copy drawn <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public Figure WithSize(int width, int height)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(
                nameof(width),
                $"A figure needs a positive size, got {width} × {height}."
            );
        return WithLayout(l =>
        {
            l["width"] = width;
            l["height"] = height;
        });
    }

    /// <summary>The figure as plotly.js JSON: <c>{"data": [traces…], "layout": {…}}</c>.</summary>
    public string ToJson() =>
        new JsonObject
        {
            ["data"] = traces.DeepClone(),
            ["layout"] = layout.DeepClone(),
        }.ToJsonString(Compact);

    /// <summary>
    /// An HTML fragment that draws the figure: a div and a script calling <c>Plotly.newPlot</c>.
    /// It uses the page's plotly.js; the first figure of the process carries the bundle inline
    /// (see <see cref="PlotlyJs.Source"/>), or each figure loads it from the CDN when that is chosen.
    /// </summary>
    public string ToHtml()
    {
        var (bundle, source) = PlotlyJs.ForNextFigure();
        return FigureHtml.Fragment(
            ToJson(),
            (int?)layout["width"],
            (int?)layout["height"],
            source,
            bundle
        );
    }

    /// <summary>
    /// What the chart shows, for viewers without HTML: its title and each trace with its last
    /// value, e.g. <c>Figure "Loss": train (20 points, last 0.0712), validation (20 points, last 0.0801)</c>.
    /// </summary>
    public override string ToString() => FigureText.Describe(traces, layout);

    /// <summary>A copy of the traces, for combining figures.</summary>
    internal JsonArray Traces => (JsonArray)traces.DeepClone();

    /// <summary>A copy of the layout, for combining figures.</summary>
    internal JsonObject Layout => (JsonObject)layout.DeepClone();

    /// <summary>A copy in which <paramref name="change"/> has edited every trace.</summary>
    internal Figure WithEachTrace(Action<JsonObject> change)
    {
        var copy = Traces;
        foreach (var trace in copy)
            change((JsonObject)trace!);
        return new Figure(copy, Layout);
    }

    private Figure WithAxis(string axis, string title, bool logScale) =>
        WithLayout(l =>
        {
            var settings = l[axis] as JsonObject ?? new JsonObject();
            settings["title"] = new JsonObject { ["text"] = title };
            if (logScale)
                settings["type"] = "log";
            l[axis] = settings;
        });

    /// <summary>A copy in which <paramref name="change"/> has edited the layout.</summary>
    internal Figure WithLayout(Action<JsonObject> change)
    {
        var copy = Layout;
        change(copy);
        return new Figure(Traces, copy);
    }
}
