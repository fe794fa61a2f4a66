using System.Text.RegularExpressions;
using LstmLab.Charts;
using LstmLab.Data;
using LstmLab.Models;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Execution;
using LstmLab.Notebooks.Formatting;
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
    // A quick run takes about a minute; a cell still running after this long is stuck, not slow.
    private static readonly TimeSpan CellTimeout = TimeSpan.FromMinutes(10);

    internal static string CheckoutRoot =>
        Checkout.Find(AppContext.BaseDirectory)
        ?? throw new DirectoryNotFoundException(
            $"No LstmLab.slnx above {AppContext.BaseDirectory}: the tests must run from a checkout."
        );

    /// <summary>The file name of every notebooks/*.dib, in name order.</summary>
    public static TheoryData<string> Notebooks()
    {
        string folder = Path.Combine(CheckoutRoot, "notebooks");
        var names = Directory
            .GetFiles(folder, "*.dib")
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal);
        return new TheoryData<string>(names!);
    }

    [SkippableTheory]
    [MemberData(nameof(Notebooks))]
    public Task Quick_run_succeeds_and_every_chart_draws(string notebook) =>
        QuickRunAndCheck(notebook, new Dictionary<string, string>(), "");

    private const string Forecast = "05-time-series-forecast.dib";

    /// <summary>Every series notebook 05 can forecast other than its default, co2.</summary>
    public static TheoryData<string> OtherSeries() =>
        new(TimeSeries.Names.Where(n => n != "co2").Order(StringComparer.Ordinal));

    [SkippableTheory]
    [MemberData(nameof(OtherSeries))]
    public Task Forecast_notebook_quick_run_succeeds_on_every_series(string series) =>
        QuickRunAndCheck(
            Forecast,
            new Dictionary<string, string> { ["series"] = series },
            "-" + series
        );

    [Fact]
    public void Forecast_notebooks_series_parameter_allows_exactly_the_known_series()
    {
        var notebook = DibParser.Load(Path.Combine(CheckoutRoot, "notebooks", Forecast));
        var series = ParametersCell.Find(notebook)!.Parameters.Single(p => p.Name == "series");
        Assert.Equal(TimeSeries.Names.Order(), series.Allowed!.Order());
    }

    private static async Task QuickRunAndCheck(
        string notebook,
        IReadOnlyDictionary<string, string> set,
        string suffix
    )
    {
        string root = CheckoutRoot;
        string library = Path.Combine(root, "lib/LstmLab/bin/Release/net10.0/LstmLab.dll");
        Assert.True(
            File.Exists(library),
            $"{library} does not exist, and the notebooks #r it. Run the tests in Release "
                + "(dotnet test LstmLab.slnx -c Release) or build it once: dotnet build -c Release lib/LstmLab"
        );
        string output = Path.Combine(AppContext.BaseDirectory, "notebook-runs");
        Directory.CreateDirectory(output);
        string name = Path.GetFileNameWithoutExtension(notebook) + suffix;
        var prepared = NotebookJob.Prepare(
            new RunRequest(Path.Combine(root, "notebooks", notebook))
            {
                Set = set,
                Quick = true,
                HtmlPath = Path.Combine(output, name + ".html"),
                IpynbPath = Path.Combine(output, name + ".ipynb"),
            }
        );
        var figures = new FigureRecorder();

        // In this process, so that the recorder sees each displayed Figure (lstmlab run formats in its worker).
        var result = await new NotebookRunner(
            new RunOptions { CellTimeout = CellTimeout, Formatter = figures }
        ).RunAsync(prepared.Notebook, prepared.Parameters);
        new HtmlReport().Write(result, prepared.HtmlPath);
        IpynbWriter.Write(result, prepared.IpynbPath);

        if (result.FailedCell is { } failed)
        {
            var error = failed.Outputs.OfType<ErrorOutput>().LastOrDefault();
            Skip.If(
                error?.TypeName == typeof(DataUnavailableException).FullName,
                $"{notebook}: " + Needs.DataMissing(error?.Message ?? "")
            );
            Assert.Fail(
                $"{name}: cell {failed.Cell.Number} failed: {error?.Headline} at {error?.Location} "
                    + $"(report: {prepared.HtmlPath})"
            );
        }
        Assert.All(result.Cells, c => Assert.Equal(CellStatus.Ok, c.Status));
        if (set.Count == 0)
            Completed[notebook] = prepared.IpynbPath;

        var page = await ReportBrowserCheck.RunAsync(
            prepared.HtmlPath,
            Path.Combine(output, name + ".png")
        );

        Assert.Empty(page.Errors);
        Assert.Empty(page.BlockedRequests);
        Assert.Equal(ChartDivs(result), page.Charts.Count);
        foreach (var chart in page.Charts)
        {
            Assert.True(chart.HasSvg, $"{name}: chart {chart.Id} was not drawn");
            Assert.True(
                figures.TraceCounts.TryGetValue(chart.Id, out int expected),
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

    // The .ipynb of each quick run that succeeded in this test process, by notebook file name.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<
        string,
        string
    > Completed = new();

    /// <summary>
    /// The executed .ipynb of <paramref name="notebook"/>'s quick run: this process's, else from a quick
    /// run made now (the tests of another class may compare against it in either order).
    /// </summary>
    internal static async Task<string> QuickRunIpynb(string notebook)
    {
        if (Completed.TryGetValue(notebook, out string? done))
            return done;
        string name = Path.GetFileNameWithoutExtension(notebook);
        string output = Path.Combine(AppContext.BaseDirectory, "notebook-runs");
        var prepared = NotebookJob.Prepare(
            new RunRequest(Path.Combine(CheckoutRoot, "notebooks", notebook))
            {
                Quick = true,
                HtmlPath = Path.Combine(output, name + ".html"),
                IpynbPath = Path.Combine(output, name + ".ipynb"),
            }
        );
        var outcome = await NotebookJob.RunAsync(
            prepared,
            new RunOptions { CellTimeout = CellTimeout }
        );
        Assert.Equal(NotebookJob.Succeeded, outcome.ExitCode);
        return Completed[notebook] = outcome.IpynbPath;
    }

    // The chart divs in the cells' outputs: the charts the report must show.
    private static int ChartDivs(RunResult result) =>
        result
            .Cells.SelectMany(c => c.Outputs)
            .OfType<DisplayOutput>()
            .Sum(d => ChartDivPattern().Matches(d.Value.Html ?? "").Count);

    [GeneratedRegex("<div id=\"(lstmlab-figure-[0-9a-f]+)\" class=\"lstmlab-figure\"")]
    private static partial Regex ChartDivPattern();

    /// <summary>
    /// Formats as the kernel does, and remembers how many traces each displayed <see cref="Figure"/>
    /// (or a training view's loss curve) has, by the id of the div it is drawn into.
    /// </summary>
    private sealed class FigureRecorder : IOutputFormatter
    {
        private readonly KernelConventionFormatter inner = new();

        public Dictionary<string, int> TraceCounts { get; } = [];

        public FormattedValue Format(object? value)
        {
            var formatted = inner.Format(value);
            // A training view draws its loss curve, a figure of its own.
            var figure = value as Figure ?? (value as TrainingView)?.Curve;
            if (figure is not null)
                foreach (Match div in ChartDivPattern().Matches(formatted.Html ?? ""))
                    TraceCounts[div.Groups[1].Value] = figure.TraceCount;
            return formatted;
        }
    }
}
