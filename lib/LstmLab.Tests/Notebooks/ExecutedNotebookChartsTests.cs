using System.Text.Json;
using LstmLab.Charts;
using LstmLab.Notebooks.Execution;
using LstmLab.Notebooks.Output;
using LstmLab.Tests.Browser;

namespace LstmLab.Tests.Notebooks;

/// <summary>Runs charts.dib once as <c>lstmlab run</c> does, writing its report and executed .ipynb.</summary>
public sealed class ChartsRun : IAsyncLifetime
{
    public string Folder { get; } =
        Path.Combine(AppContext.BaseDirectory, "charts-run", Guid.NewGuid().ToString("N")[..8]);

    public RunOutcome Outcome { get; private set; } = null!;

    public JsonElement Ipynb { get; private set; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        var prepared = NotebookJob.Prepare(
            new RunRequest(Fixtures.PathOf("charts.dib"))
            {
                HtmlPath = Path.Combine(Folder, "charts.html"),
                IpynbPath = Path.Combine(Folder, "charts.ipynb"),
            }
        );
        Outcome = await NotebookJob.RunAsync(prepared, new RunOptions());
        Ipynb = JsonDocument.Parse(File.ReadAllText(Outcome.IpynbPath)).RootElement;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[Collection(NotebookRuns.Name)]
public class ExecutedNotebookChartsTests(ChartsRun run) : IClassFixture<ChartsRun>
{
    private List<JsonElement> ChartOutputs() =>
        run
            .Ipynb.GetProperty("cells")
            .EnumerateArray()
            .Where(c => c.TryGetProperty("outputs", out _))
            .SelectMany(c => c.GetProperty("outputs").EnumerateArray())
            .Where(o => Text(o, "text/html").Contains("class=\"lstmlab-figure\""))
            .ToList();

    private static string Text(JsonElement output, string mime) =>
        output.TryGetProperty("data", out var data) && data.TryGetProperty(mime, out var lines)
            ? string.Concat(lines.EnumerateArray().Select(l => l.GetString()))
            : "";

    [SkippableFact]
    public void The_run_succeeds_with_every_picture_drawn()
    {
        // the pictures are drawn by Chromium
        Needs.Chromium(ReportBrowserCheck.ChromiumPath);
        Assert.Equal(NotebookJob.Succeeded, run.Outcome.ExitCode);
        Assert.Null(run.Outcome.PicturesLeftOut);
        var charts = run.Ipynb.GetProperty("metadata").GetProperty("lstmlab").GetProperty("charts");
        Assert.Equal(2, charts.GetProperty("count").GetInt32());
        Assert.Equal(2, charts.GetProperty("pictures").GetInt32());
    }

    [Fact]
    public void The_first_chart_carries_plotly_js_and_no_other_output_does()
    {
        string file = File.ReadAllText(run.Outcome.IpynbPath);
        var charts = ChartOutputs();

        Assert.Equal(2, charts.Count);
        Assert.Single(file.Split("plotly.js v4.1.2").Skip(1));
        Assert.Contains("data-lstmlab-plotly=\"4.1.2\"", Text(charts[0], "text/html"));
        Assert.DoesNotContain("data-lstmlab-plotly", Text(charts[1], "text/html"));
        Assert.DoesNotContain(PlotlyJs.CdnUrl, file);
    }

    [SkippableFact]
    public void Every_chart_has_a_picture_that_decodes_and_is_not_blank()
    {
        // the pictures are drawn by Chromium
        Needs.Chromium(ReportBrowserCheck.ChromiumPath);
        foreach (var chart in ChartOutputs())
        {
            string png = chart.GetProperty("data").GetProperty("image/png").GetString()!;
            var picture = PngPixels.Decode(Convert.FromBase64String(png));

            Assert.Equal(ChromiumPainter.DefaultWidth, picture.Width);
            Assert.True(picture.Height >= 300, $"a {picture.Width} × {picture.Height} picture");
            Assert.True(
                picture.InkedFraction > 0.02,
                $"the picture is blank: {picture.InkedFraction:P1} of it differs from the background"
            );
            Assert.Contains($"<img src=\"data:image/png;base64,{png}\"", Text(chart, "text/html"));
        }
    }

    [Fact]
    public void Each_chart_says_in_text_what_it_shows()
    {
        var charts = ChartOutputs();

        Assert.Equal(
            "Figure \"Loss | Accuracy\": train (5 points, last 0.31); validation (5 points, last 0.43); "
                + "train (5 points, last 0.9); validation (5 points, last 0.73)",
            Text(charts[0], "text/plain")
        );
        Assert.Equal("Figure \"Cells\": heatmap (3 × 4 heatmap)", Text(charts[1], "text/plain"));
    }

    [SkippableFact]
    public async Task Nbconvert_page_draws_every_chart_with_the_network_cut_off()
    {
        string page = NbConvert.ToHtml(run.Outcome.IpynbPath);

        var result = await ReportBrowserCheck.RunAsync(page, networkCut: true);

        Assert.Equal(2, result.Charts.Count);
        Assert.All(result.Charts, c => Assert.True(c.HasSvg, $"chart {c.Id} was not drawn"));
        Assert.Equal([4, 1], result.Charts.Select(c => c.RenderedTraces));
        Assert.Empty(result.BlockedRequests);
        // nbconvert's page asks for Debian's require.js and MathJax, which may not be installed.
        Assert.DoesNotContain(result.Errors, e => !e.Contains("Failed to load resource"));
    }
}
