using System.Globalization;
using System.Net;
using System.Text;
using LstmLab.Charts;
using LstmLab.Notebooks.Execution;
using Markdig;

namespace LstmLab.Notebooks.Output;

/// <summary>
/// Writes a run as one self-contained HTML file that works opened from disk: a header (title, date,
/// parameters, machine, library version), then each cell: markdown rendered with Markdig, code,
/// its outputs and its time; a failed cell's error in red. When an output draws a plotly chart
/// (its HTML calls <c>Plotly.</c>), the plotly.js bundle is embedded once in the head, and the copy
/// the first chart of the run may carry is taken out.
/// </summary>
/// <param name="plotlyBundle">Gives the plotly.js source; npm's, from <see cref="PlotlyJs.BundlePath"/>, by default.</param>
public sealed class HtmlReport(Func<string>? plotlyBundle = null)
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .Build();

    private readonly Func<string> plotlyBundle =
        plotlyBundle ?? (() => File.ReadAllText(PlotlyJs.BundlePath()));

    /// <summary>
    /// The line in every report's head that marks it as written by lstmlab: <c>lstmlab run</c>
    /// overwrites an existing file at the report's path only when it carries this mark.
    /// </summary>
    public const string Generator = "<meta name=\"generator\" content=\"lstmlab\">";

    /// <summary>Writes the report atomically to <paramref name="path"/>.</summary>
    public void Write(RunResult run, string path) => AtomicFile.WriteAllText(path, ToHtml(run));

    /// <summary>The report's HTML text.</summary>
    public string ToHtml(RunResult run)
    {
        run = run with { Cells = PlotlyOutputs.WithoutBundles(run.Cells) };
        var html = new StringBuilder();
        string title = run.Notebook.Title;
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append(Generator + "\n")
            .Append($"<title>{Escape(title)} · LSTM Lab run</title>\n<style>{Style}</style>\n");
        string? plotlyProblem = NeedsPlotly(run) ? AppendPlotly(html) : null;
        html.Append("</head>\n<body>\n");
        AppendHeader(html, run, plotlyProblem);
        html.Append("<main>\n");
        foreach (var cell in run.Cells)
            AppendCell(html, cell);
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static bool NeedsPlotly(RunResult run) =>
        run
            .Cells.SelectMany(c => c.Outputs)
            .OfType<DisplayOutput>()
            .Any(d => PlotlyOutputs.DrawsChart(d.Value.Html));

    // Returns why the bundle is missing, or null when it was embedded.
    private string? AppendPlotly(StringBuilder html)
    {
        string bundle;
        try
        {
            bundle = plotlyBundle();
        }
        // Whatever stops the fetch (no npm, offline, a bad tarball), the report is still worth writing.
        catch (Exception e)
        {
            return $"Charts need plotly.js (plotly.js-dist-min@{PlotlyJs.Version}), which could not be loaded: {e.Message}";
        }
        // "</script" inside the bundle would end the element early; "<\/script" means the same in JavaScript.
        html.Append("<script>")
            .Append(bundle.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase))
            .Append("</script>\n");
        return null;
    }

    private static void AppendHeader(StringBuilder html, RunResult run, string? plotlyProblem)
    {
        var failed = run.FailedCell;
        string status = failed switch
        {
            null when run.InProgress =>
                "<span class=\"stopped\">incomplete: written while the run was still going</span>",
            null => "<span class=\"completed\">completed</span>",
            { Status: CellStatus.Interrupted } =>
                $"<span class=\"stopped\">interrupted at cell {failed.Cell.Number}</span>",
            _ => $"<span class=\"stopped\">stopped at cell {failed.Cell.Number}</span>",
        };
        html.Append("<header>\n<p class=\"kicker\">LSTM Lab · notebook run</p>\n")
            .Append($"<h1>{Escape(run.Notebook.Title)}</h1>\n")
            .Append($"<p class=\"run\">{Escape(Path.GetFileName(run.Notebook.Path))} · ")
            .Append(
                $"{run.Started.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)} · "
            )
            .Append($"{Seconds(run.Elapsed)} · {status}</p>\n");
        if (plotlyProblem is not null)
            html.Append($"<p class=\"warning\">{Escape(plotlyProblem)}</p>\n");
        html.Append("<div class=\"facts\">\n<table>\n<caption>Parameters</caption>\n");
        if (run.Parameters.Count == 0)
            html.Append("<tr><td colspan=\"3\">This notebook has no parameters cell.</td></tr>\n");
        else
            html.Append("<tr><th>name</th><th>value</th><th>from</th></tr>\n");
        foreach (var value in run.Parameters)
            html.Append(
                $"<tr><td><code>{Escape(value.Parameter.Name)}</code></td><td><code>{Escape(value.Literal)}</code></td>"
                    + $"<td>{Escape(value.OriginText)}</td></tr>\n"
            );
        var machine = run.Machine;
        html.Append("</table>\n<table>\n<caption>Machine</caption>\n")
            .Append($"<tr><th>OS</th><td>{Escape(machine.OperatingSystem)}</td></tr>\n")
            .Append(
                $"<tr><th>CPU</th><td>{Escape(machine.Cpu)} ({machine.Cores} cores)</td></tr>\n"
            )
            .Append($"<tr><th>SIMD</th><td>{Escape(machine.Vectors)} vectors</td></tr>\n")
            .Append($"<tr><th>.NET</th><td>{Escape(machine.DotNet)}</td></tr>\n")
            .Append($"<tr><th>Library</th><td>{Escape(machine.LibraryVersion)}</td></tr>\n")
            .Append("</table>\n</div>\n</header>\n");
    }

    private static void AppendCell(StringBuilder html, CellResult result)
    {
        var cell = result.Cell;
        if (cell.IsMarkdown)
        {
            html.Append($"<section class=\"cell markdown\" id=\"cell-{cell.Number}\">\n")
                .Append(Markdig.Markdown.ToHtml(cell.Source, Markdown))
                .Append("</section>\n");
            return;
        }
        string status = result.Status switch
        {
            CellStatus.Failed => "failed",
            CellStatus.Interrupted => "interrupted",
            CellStatus.NotRun => "not run",
            _ => Seconds(result.Elapsed),
        };
        html.Append(
                $"<section class=\"cell code {result.Status.ToString().ToLowerInvariant()}\" id=\"cell-{cell.Number}\">\n"
            )
            .Append(
                $"<div class=\"cell-head\"><span>cell {cell.Number} · line {cell.FirstLine}</span>"
            )
            .Append($"<span class=\"time\">{status}</span></div>\n")
            .Append($"<pre class=\"source\"><code>{Escape(cell.Source)}</code></pre>\n");
        if (result.Outputs.Count > 0)
        {
            html.Append("<div class=\"outputs\">\n");
            foreach (var output in result.Outputs)
                AppendOutput(html, output);
            html.Append("</div>\n");
        }
        html.Append("</section>\n");
    }

    private static void AppendOutput(StringBuilder html, CellOutput output)
    {
        switch (output)
        {
            case StreamOutput stream:
                AppendStream(html, stream);
                break;
            case WarningOutput warning:
                html.Append($"<p class=\"warning\">{Escape(warning.Message)}</p>\n");
                break;
            case DisplayOutput { Value.Html: { } fragment } display:
                html.Append(
                    $"<div class=\"display{(display.IsResult ? " result" : "")}\">{fragment}</div>\n"
                );
                break;
            case DisplayOutput display:
                html.Append(
                    $"<pre class=\"display{(display.IsResult ? " result" : "")}\">{Escape(display.Value.PlainText)}</pre>\n"
                );
                break;
            case ErrorOutput error:
                html.Append("<div class=\"error\">\n")
                    .Append($"<p class=\"ename\">{Escape(error.TypeName)}</p>\n")
                    .Append($"<pre class=\"evalue\">{Escape(error.Message)}</pre>\n");
                if (error.Location is not null)
                    html.Append($"<p class=\"where\">at {Escape(error.Location)}</p>\n");
                if (error.Trace.Count > 1)
                    html.Append(
                        $"<pre class=\"trace\">{Escape(string.Join('\n', error.Trace.Skip(1)))}</pre>\n"
                    );
                html.Append("</div>\n");
                break;
        }
    }

    // A loop that prints a line per batch would bury the report: its middle lines fold away.
    private static void AppendStream(StringBuilder html, StreamOutput stream)
    {
        const int head = 50,
            tail = 150;
        string[] lines = stream.Text.TrimEnd('\n').Split('\n');
        if (lines.Length <= head + tail + 10)
        {
            html.Append(
                $"<pre class=\"stream {stream.Name}\">{Escape(string.Join('\n', lines))}</pre>\n"
            );
            return;
        }
        string Block(IEnumerable<string> part) =>
            $"<pre class=\"stream {stream.Name}\">{Escape(string.Join('\n', part))}</pre>";
        html.Append(Block(lines.Take(head)))
            .Append($"<details><summary>{lines.Length - head - tail} more lines</summary>")
            .Append(Block(lines.Skip(head).Take(lines.Length - head - tail)))
            .Append("</details>")
            .Append(Block(lines.TakeLast(tail)))
            .Append('\n');
    }

    private static string Seconds(TimeSpan elapsed) =>
        elapsed.TotalSeconds < 60
            ? $"{elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s"
            : $"{(int)elapsed.TotalMinutes} min {elapsed.Seconds} s";

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private const string Style = """

        body { font: 15px/1.5 system-ui, sans-serif; color: #1f2328; margin: 0; background: #f6f8fa; }
        header, main { max-width: 1000px; margin: 0 auto; padding: 0 24px; }
        header { padding-top: 24px; }
        .kicker { color: #59636e; text-transform: uppercase; letter-spacing: .08em; font-size: 12px; margin: 0; }
        h1 { margin: 4px 0; }
        .run { color: #59636e; }
        .completed { color: #1a7f37; font-weight: 600; }
        .stopped { color: #cf222e; font-weight: 600; }
        .facts { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
        table { border-collapse: collapse; background: #fff; }
        caption { text-align: left; font-weight: 600; padding: 4px 0; }
        th, td { border: 1px solid #d1d9e0; padding: 3px 8px; text-align: left; vertical-align: top; }
        .cell { background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; margin: 16px 0; padding: 8px 16px; }
        .cell.markdown { background: transparent; border: none; padding: 0; }
        .cell.failed, .cell.interrupted { border-color: #cf222e; }
        .cell.notrun { opacity: .55; }
        .cell-head { display: flex; justify-content: space-between; color: #59636e; font-size: 12px; }
        pre { overflow-x: auto; margin: 8px 0; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; }
        pre.source { background: #f6f8fa; padding: 8px; border-radius: 4px; }
        .outputs { border-top: 1px dashed #d1d9e0; }
        pre.stream { white-space: pre-wrap; }
        pre.stderr { color: #9a6700; }
        .warning { color: #9a6700; background: #fff8c5; padding: 4px 8px; border-radius: 4px; }
        .error { color: #cf222e; background: #ffebe9; padding: 4px 12px; border-radius: 4px; margin: 8px 0; }
        .error .ename { font-weight: 600; margin: 4px 0; }
        .error .where { margin: 4px 0; }
        .display { margin: 8px 0; overflow-x: auto; }

        """;
}
