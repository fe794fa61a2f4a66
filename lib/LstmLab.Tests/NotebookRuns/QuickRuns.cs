using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using LstmLab.Charts;
using LstmLab.Data;
using LstmLab.Models;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Execution;
using LstmLab.Notebooks.Formatting;
using LstmLab.Notebooks.Output;

namespace LstmLab.Tests.NotebookRuns;

/// <summary>A notebook of the checkout run in quick mode, as <c>lstmlab run --quick</c> runs it.</summary>
/// <param name="Prepared">The run's request: its notebook, parameters, report and .ipynb paths.</param>
/// <param name="Result">Every cell's status and outputs.</param>
/// <param name="TraceCounts">The traces of every displayed <see cref="Figure"/>, by the id of its div.</param>
internal sealed record QuickRun(
    PreparedRun Prepared,
    RunResult Result,
    IReadOnlyDictionary<string, int> TraceCounts
);

/// <summary>
/// Runs each notebook of the checkout once per test process, in quick mode, and hands the same run to
/// every test that checks it (the report in Chromium, the exported app, the cells in the real kernel):
/// a quick run takes about a minute, and the tests need the same one.
/// </summary>
internal static partial class QuickRuns
{
    // A quick run takes about a minute; a cell still running after this long is stuck, not slow.
    public static readonly TimeSpan CellTimeout = TimeSpan.FromMinutes(10);

    private static readonly ConcurrentDictionary<string, Lazy<Task<QuickRun>>> Runs = new();

    /// <summary>The checkout the tests run from.</summary>
    public static string CheckoutRoot =>
        Checkout.Find(AppContext.BaseDirectory)
        ?? throw new DirectoryNotFoundException(
            $"No LstmLab.slnx above {AppContext.BaseDirectory}: the tests must run from a checkout."
        );

    /// <summary>The file name of every notebooks/*.dib, in name order.</summary>
    public static TheoryData<string> Notebooks() =>
        new(
            Directory
                .GetFiles(Path.Combine(CheckoutRoot, "notebooks"), "*.dib")
                .Select(path => Path.GetFileName(path))
                .Order(StringComparer.Ordinal)
        );

    /// <summary>The quick run of notebooks/<paramref name="notebook"/> with its defaults, run on first request.</summary>
    public static Task<QuickRun> GetAsync(string notebook) =>
        Runs.GetOrAdd(
            notebook,
            name => new Lazy<Task<QuickRun>>(() =>
                RunAsync(name, new Dictionary<string, string>(), "")
            )
        ).Value;

    /// <summary>
    /// Runs notebooks/<paramref name="notebook"/> in quick mode with <paramref name="set"/>, in this
    /// process (so that each displayed <see cref="Figure"/> is seen; <c>lstmlab run</c> formats in its
    /// worker), and writes its report and .ipynb as NAME<paramref name="suffix"/>.html and .ipynb.
    /// </summary>
    public static async Task<QuickRun> RunAsync(
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
        var result = await new NotebookRunner(
            new RunOptions { CellTimeout = CellTimeout, Formatter = figures }
        ).RunAsync(prepared.Notebook, prepared.Parameters);
        new HtmlReport().Write(result, prepared.HtmlPath);
        IpynbWriter.Write(result, prepared.IpynbPath);
        return new QuickRun(prepared, result, figures.TraceCounts);
    }

    /// <summary>
    /// Asserts that every cell of <paramref name="run"/> succeeded; skips the test, with the command that
    /// gets the data, when a cell failed because its dataset is not on this machine.
    /// </summary>
    public static void AssertSucceeded(QuickRun run)
    {
        var (prepared, result, _) = run;
        if (result.FailedCell is { } failed)
        {
            var error = failed.Outputs.OfType<ErrorOutput>().LastOrDefault();
            Skip.If(
                error?.TypeName == typeof(DataUnavailableException).FullName,
                $"{Path.GetFileName(prepared.Notebook.Path)}: "
                    + Needs.DataMissing(error?.Message ?? "")
            );
            Assert.Fail(
                $"{Path.GetFileName(prepared.IpynbPath)}: cell {failed.Cell.Number} failed: "
                    + $"{error?.Headline} at {error?.Location} (report: {prepared.HtmlPath})"
            );
        }
        Assert.All(result.Cells, c => Assert.Equal(CellStatus.Ok, c.Status));
    }

    /// <summary>The id of the div each chart is drawn into.</summary>
    [GeneratedRegex("<div id=\"(lstmlab-figure-[0-9a-f]+)\" class=\"lstmlab-figure\"")]
    public static partial Regex ChartDivPattern();

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
