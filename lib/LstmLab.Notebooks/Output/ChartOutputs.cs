using LstmLab.Charts;
using LstmLab.Notebooks.Execution;

namespace LstmLab.Notebooks.Output;

/// <summary>
/// How an .ipynb shows a run's charts: the first output that draws one carries plotly.js, and each
/// chart with a picture carries it as image/png and inside its HTML.
/// </summary>
internal sealed class ChartOutputs
{
    private readonly ChartPictures? pictures;
    private readonly DisplayOutput? carrier;
    private readonly string bundle = "";

    /// <param name="run">The run, its outputs already without bundle copies (<see cref="PlotlyOutputs.WithoutBundles"/>).</param>
    /// <param name="pictures">The charts' pictures, or null when none were drawn.</param>
    public ChartOutputs(RunResult run, ChartPictures? pictures)
    {
        this.pictures = pictures;
        var displays = run.Cells.SelectMany(c => c.Outputs).OfType<DisplayOutput>().ToList();
        Count = displays.Count(d => d.Value.ChartJson is not null);
        Pictures = displays.Count(d => pictures?.For(d.Value.ChartJson) is not null);
        carrier = displays.FirstOrDefault(d => PlotlyOutputs.DrawsChart(d.Value.Html));
        if (carrier is not null)
        {
            try
            {
                bundle = PlotlyJs.ScriptTag();
            }
            // Whatever stops the fetch (no npm, offline, a bad tarball), the notebook is still worth writing.
            catch (Exception e)
            {
                Problems.Add(("plotly_js", $"plotly.js could not be carried: {e.Message}"));
            }
        }
        if (pictures?.LeftOut is { } leftOut)
            Problems.Add(("pictures_left_out", leftOut));
        else if (pictures is null && Count > 0)
            Problems.Add(("pictures_left_out", "Chart pictures were not drawn for this file."));
    }

    /// <summary>The outputs that are charts (a figure displayed or returned).</summary>
    public int Count { get; }

    /// <summary>The charts that carry a picture.</summary>
    public int Pictures { get; }

    /// <summary>Why plotly.js or pictures are missing, as metadata entries.</summary>
    public List<(string Name, string Problem)> Problems { get; } = [];

    /// <summary>The output's text/html (with the bundle and its picture where due) and its PNG (base64) or null.</summary>
    public (string? Html, string? Png) Shown(DisplayOutput display)
    {
        string? html = display.Value.Html;
        string? png = pictures?.For(display.Value.ChartJson);
        if (html is not null && png is not null)
            html = FigurePicture.Insert(html, png, display.Value.PlainText);
        if (html is not null && ReferenceEquals(display, carrier))
            html = bundle + html;
        return (html, png);
    }
}
