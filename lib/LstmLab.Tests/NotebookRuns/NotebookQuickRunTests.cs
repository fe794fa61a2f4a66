using LstmLab.Data;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Execution;
using LstmLab.Notebooks.Output;
using LstmLab.Notebooks.Parameters;
using LstmLab.Tests.Browser;
using RunsAlone = LstmLab.Tests.Notebooks.NotebookRuns;

namespace LstmLab.Tests.NotebookRuns;

/// <summary>
/// Runs every notebook of the checkout in quick mode, as <c>lstmlab run --quick</c> does, and opens
/// its HTML report in Chromium: every cell must succeed and every chart must draw all its traces.
/// A notebook added to notebooks/ is covered without touching this file.
/// </summary>
[Collection(RunsAlone.Name)]
public partial class NotebookQuickRunTests
{
    /// <summary>The file name of every notebooks/*.dib, in name order.</summary>
    public static TheoryData<string> Notebooks() => QuickRuns.Notebooks();

    [SkippableTheory]
    [MemberData(nameof(Notebooks))]
    public async Task Quick_run_succeeds_and_every_chart_draws(string notebook) =>
        await Check(await QuickRuns.GetAsync(notebook));

    private const string Forecast = "05-time-series-forecast.dib";

    /// <summary>Every series notebook 05 can forecast other than its default, co2.</summary>
    public static TheoryData<string> OtherSeries() =>
        new(TimeSeries.Names.Where(n => n != "co2").Order(StringComparer.Ordinal));

    [SkippableTheory]
    [MemberData(nameof(OtherSeries))]
    public async Task Forecast_notebook_quick_run_succeeds_on_every_series(string series) =>
        await Check(
            await QuickRuns.RunAsync(
                Forecast,
                new Dictionary<string, string> { ["series"] = series },
                "-" + series
            )
        );

    /// <summary>
    /// README's main job, <c>lstmlab run notebooks/01-mnist-lstm.dib --quick --html …</c>, through the worker
    /// process as the command runs it: it succeeds, and every cell shows what the in-process quick run
    /// showed (timings aside).
    /// </summary>
    [SkippableFact]
    public async Task The_main_job_through_the_worker_gives_the_quick_runs_results()
    {
        const string notebook = "01-mnist-lstm.dib";
        var reference = await QuickRuns.GetAsync(notebook);
        QuickRuns.AssertSucceeded(reference);
        string output = Path.Combine(AppContext.BaseDirectory, "worker-runs");
        var prepared = NotebookJob.Prepare(
            new RunRequest(Path.Combine(QuickRuns.CheckoutRoot, "notebooks", notebook))
            {
                Quick = true,
                HtmlPath = Path.Combine(output, "01-mnist-lstm.html"),
                IpynbPath = Path.Combine(output, "01-mnist-lstm.ipynb"),
            }
        );

        var outcome = await NotebookJob.RunAsync(
            prepared,
            new RunOptions { CellTimeout = QuickRuns.CellTimeout }
        );

        Assert.Equal(NotebookJob.Succeeded, outcome.ExitCode);
        Assert.True(File.Exists(outcome.HtmlPath), $"{outcome.HtmlPath} was not written");
        Assert.Equal(
            ExportedAppRunTests.Results(reference.Prepared.IpynbPath),
            ExportedAppRunTests.Results(outcome.IpynbPath)
        );
    }

    [Fact]
    public void Forecast_notebooks_series_parameter_allows_exactly_the_known_series()
    {
        var notebook = DibParser.Load(Path.Combine(QuickRuns.CheckoutRoot, "notebooks", Forecast));
        var series = ParametersCell.Find(notebook)!.Parameters.Single(p => p.Name == "series");
        Assert.Equal(TimeSeries.Names.Order(), series.Allowed!.Order());
    }

    /// <summary>
    /// Asserts that every cell of <paramref name="run"/> succeeded and that its report draws every chart
    /// in Chromium with all its traces.
    /// </summary>
    private static async Task Check(QuickRun run)
    {
        var (prepared, result, traceCounts) = run;
        string name = Path.GetFileNameWithoutExtension(prepared.IpynbPath);
        QuickRuns.AssertSucceeded(run);

        var page = await ReportBrowserCheck.RunAsync(
            prepared.HtmlPath,
            Path.ChangeExtension(prepared.IpynbPath, ".png")
        );

        Assert.Empty(page.Errors);
        Assert.Empty(page.BlockedRequests);
        Assert.Equal(ChartDivs(result), page.Charts.Count);
        foreach (var chart in page.Charts)
        {
            Assert.True(chart.HasSvg, $"{name}: chart {chart.Id} was not drawn");
            Assert.True(
                traceCounts.TryGetValue(chart.Id, out int expected),
                $"{name}: chart {chart.Id} does not come from a displayed Figure"
            );
            Assert.Equal(expected, chart.DataTraces);
            Assert.Equal(expected, chart.RenderedTraces);
        }
        Assert.True(
            new FileInfo(page.ScreenshotPath).Length > 10_000,
            $"{name}: the screenshot {page.ScreenshotPath} is nearly empty"
        );
    }

    // The chart divs in the cells' outputs: the charts the report must show.
    private static int ChartDivs(RunResult result) =>
        result
            .Cells.SelectMany(c => c.Outputs)
            .OfType<DisplayOutput>()
            .Sum(d => QuickRuns.ChartDivPattern().Matches(d.Value.Html ?? "").Count);
}
