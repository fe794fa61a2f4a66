using LstmLab.Charts;
using LstmLab.Notebooks.Execution;

namespace LstmLab.Notebooks.Output;

/// <summary>
/// plotly.py's notebook convention for a document written from a run (a report, an executed .ipynb):
/// plotly.js goes in once, and the copies outputs carried (the first chart of a process carries the
/// bundle, see <see cref="PlotlyJs.Source"/>) are taken out, so the file holds exactly one.
/// </summary>
internal static class PlotlyOutputs
{
    /// <summary>Whether the HTML draws a chart with plotly.js.</summary>
    public static bool DrawsChart(string? html) =>
        html?.Contains("Plotly.", StringComparison.Ordinal) == true;

    /// <summary>
    /// The cells with every bundle copy taken out of their outputs' HTML; an output that held
    /// nothing but the bundle (a training view's first state, say) is dropped.
    /// </summary>
    public static IReadOnlyList<CellResult> WithoutBundles(IReadOnlyList<CellResult> cells) =>
        cells
            .Select(cell =>
                cell.Outputs.Any(HasBundle)
                    ? cell with
                    {
                        Outputs = cell
                            .Outputs.Select(Stripped)
                            .Where(o => o is not DisplayOutput { Value.Html: "" })
                            .ToList(),
                    }
                    : cell
            )
            .ToList();

    private static bool HasBundle(CellOutput output) =>
        output is DisplayOutput { Value.Html: { } html }
        && html.Contains(PlotlyJs.ScriptMarker, StringComparison.Ordinal);

    private static CellOutput Stripped(CellOutput output) =>
        HasBundle(output) && output is DisplayOutput display
            ? display with
            {
                Value = display.Value with
                {
                    Html = PlotlyJs.WithoutScriptTag(display.Value.Html!).Trim(),
                },
            }
            : output;
}
