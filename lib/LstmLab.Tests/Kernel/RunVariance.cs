using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LstmLab.Charts;

namespace LstmLab.Tests.Kernel;

/// <summary>
/// Masks in a cell's HTML what differs between two runs of the same notebook by design — fresh ids and
/// measured times, and where plotly.js travels — and nothing else, so that the kernel's HTML and <c>lstmlab run</c>'s can be compared
/// as text. Each rule names the one place it applies to.
/// </summary>
internal static partial class RunVariance
{
    /// <summary>What a masked value reads as.</summary>
    public const string Masked = "(varies)";

    /// <summary><paramref name="html"/> without plotly.js, with every figure id and every measured time masked.</summary>
    public static string Mask(string html)
    {
        // plotly.js travels with the first chart a process shows (PlotlyJs.ForNextFigure): in the
        // kernel each notebook's first chart, in the test process running lstmlab run's cells only the
        // first one of the first notebook run there. Which output carries it is not the chart.
        html = PlotlyJs.WithoutScriptTag(html);
        html = FigureId().Replace(html, "lstmlab-figure-" + Masked);
        html = TrainingViewSeconds().Replace(html, "$1" + Masked + "$2");
        html = HistoryTable()
            .Replace(html, table => HistorySeconds().Replace(table.Value, "$1" + Masked + "$2"));
        html = LstmLabTable().Replace(html, table => MaskSecondsColumn(table.Value));
        return FigureJson().Replace(html, MaskSecondsAxis);
    }

    // A figure's div gets a fresh Guid each time it is drawn (FigureHtml.Fragment).
    [GeneratedRegex("lstmlab-figure-[0-9a-f]{32}")]
    private static partial Regex FigureId();

    // TrainingView.ToHtml: "Epoch 2/2 · batch 16/16 · 0.5 s", the seconds the epoch has taken.
    [GeneratedRegex("(<div><b>Epoch \\d+/\\d+</b> · batch \\d+/\\d+ · )[0-9.]+( s</div>)")]
    private static partial Regex TrainingViewSeconds();

    // History.ToHtml: the last cell of every row is the epoch's wall-clock seconds.
    [GeneratedRegex("<table class=\"lstmlab-history\">.*?</table>", RegexOptions.Singleline)]
    private static partial Regex HistoryTable();

    [GeneratedRegex("(<td>)[0-9.]+(</td></tr>)")]
    private static partial Regex HistorySeconds();

    // An HtmlTable a notebook builds: a column headed "seconds per epoch" holds measured times.
    [GeneratedRegex("<table class=\"lstmlab-table\".*?</table>", RegexOptions.Singleline)]
    private static partial Regex LstmLabTable();

    [GeneratedRegex("<th[^>]*>(.*?)</th>")]
    private static partial Regex HeaderCell();

    [GeneratedRegex("<tr>(.*?)</tr>")]
    private static partial Regex Row();

    [GeneratedRegex("(<td[^>]*>)(.*?)(</td>)")]
    private static partial Regex DataCell();

    private static string MaskSecondsColumn(string table)
    {
        var headers = HeaderCell().Matches(table).Select(m => m.Groups[1].Value).ToList();
        int column = headers.IndexOf("seconds per epoch");
        if (column < 0)
            return table;
        return Row()
            .Replace(
                table,
                row =>
                {
                    int index = 0;
                    return DataCell()
                        .Replace(
                            row.Value,
                            cell =>
                                index++ == column
                                    ? cell.Groups[1].Value + Masked + cell.Groups[3].Value
                                    : cell.Value
                        );
                }
            );
    }

    // A chart of measured times: a trace named "seconds per epoch" (notebook 04's comparison) holds
    // them as its y values, a chart whose x axis is titled so (notebook 03's cost plot) as its x values.
    [GeneratedRegex("(var figure = )(\\{.*\\});\n")]
    private static partial Regex FigureJson();

    private const string Seconds = "seconds per epoch";

    private static string MaskSecondsAxis(Match script)
    {
        var figure = JsonNode.Parse(script.Groups[2].Value)!;
        bool secondsOnX =
            figure["layout"]?["xaxis"]?["title"]?["text"]?.GetValue<string>() == Seconds;
        foreach (var trace in figure["data"]!.AsArray())
        {
            if (secondsOnX)
                trace!["x"] = Masked;
            if (trace!["name"]?.GetValue<string>() == Seconds)
                trace["y"] = Masked;
        }
        return script.Groups[1].Value + figure.ToJsonString() + ";\n";
    }
}
