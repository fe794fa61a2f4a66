using LstmLab.Notebooks.Execution;
using LstmLab.Tests.Browser;
using LstmLab.Tests.NotebookRuns;
using LstmLab.Tests.Notebooks;
using RunsAlone = LstmLab.Tests.Notebooks.NotebookRuns;

namespace LstmLab.Tests.Kernel;

/// <summary>
/// The real .NET Interactive kernel as the yardstick of <c>lstmlab run</c>: every notebook of the
/// checkout, with its quick values, runs cell by cell in <c>dotnet-interactive</c> started as VS Code
/// starts it (the local tool of .config/dotnet-tools.json), and must show what the runner showed.
/// </summary>
[Collection(RunsAlone.Name)]
public class RealKernelTests
{
    /// <summary>The file name of every notebooks/*.dib, in name order.</summary>
    public static TheoryData<string> Notebooks() => QuickRuns.Notebooks();

    [SkippableTheory]
    [MemberData(nameof(Notebooks))]
    public async Task Every_cell_succeeds_in_the_kernel_and_shows_the_runners_html(string notebook)
    {
        Needs.Kernel(QuickRuns.CheckoutRoot);
        var run = await QuickRuns.GetAsync(notebook);
        QuickRuns.AssertSucceeded(run);

        var (problems, kernel) = await KernelOracle.CompareAsync(
            run.Result,
            QuickRuns.CheckoutRoot,
            QuickRuns.CellTimeout
        );

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await AssertChartsDrawOffline(run, kernel);
    }

    // Saved from VS Code as .ipynb and opened where Jupyter's static page is all there is (nbconvert),
    // with no network: every chart the kernel showed draws, since the first carries plotly.js.
    private static async Task AssertChartsDrawOffline(
        QuickRun run,
        IReadOnlyDictionary<int, KernelSubmission> kernel
    )
    {
        int charts = kernel
            .Values.SelectMany(s => s.Displays)
            .Sum(d => QuickRuns.ChartDivPattern().Matches(d.Html ?? "").Count);
        if (charts == 0)
            return;
        string ipynb = Path.ChangeExtension(run.Prepared.IpynbPath, ".kernel.ipynb");
        KernelNotebook.Write(ipynb, run.Result.Notebook, kernel);

        var page = await ReportBrowserCheck.RunAsync(
            NbConvert.ToHtml(ipynb),
            Path.ChangeExtension(ipynb, ".png"),
            networkCut: true
        );

        Assert.Equal(charts, page.Charts.Count);
        Assert.All(page.Charts, c => Assert.True(c.HasSvg, $"{ipynb}: chart {c.Id} was not drawn"));
        Assert.Empty(page.BlockedRequests);
    }

    [SkippableFact]
    public async Task A_notebook_that_differs_in_the_kernel_fails_the_comparison()
    {
        Needs.Kernel(QuickRuns.CheckoutRoot);
        var notebook = Fixtures.Load("kernel-differs.dib");
        var runner = await new NotebookRunner().RunAsync(notebook, []);

        var (problems, _) = await KernelOracle.CompareAsync(
            runner,
            QuickRuns.CheckoutRoot,
            QuickRuns.CellTimeout
        );

        Assert.Collection(
            problems,
            dump =>
            {
                Assert.StartsWith("kernel-differs.dib cell 4 (kernel-differs.dib line 22):", dump);
                Assert.Contains("display 1 is the kernel's default dump", dump);
                Assert.Contains("Submission#", dump);
            },
            html =>
            {
                Assert.StartsWith(
                    "kernel-differs.dib cell 5 (kernel-differs.dib line 31), display 1:",
                    html
                );
                Assert.Contains("the kernel's HTML differs from lstmlab run's", html);
                Assert.Contains($"process {Environment.ProcessId}", html);
            },
            runnerFailed =>
                Assert.Equal(
                    "kernel-differs.dib cell 6 (kernel-differs.dib line 36): lstmlab run: Failed "
                        + "System.InvalidOperationException: fails in both",
                    runnerFailed
                ),
            kernelFailed =>
                Assert.StartsWith(
                    "kernel-differs.dib cell 6 (kernel-differs.dib line 36): the kernel: CommandFailed: "
                        + "System.InvalidOperationException: fails in both",
                    kernelFailed
                )
        );
    }
}
