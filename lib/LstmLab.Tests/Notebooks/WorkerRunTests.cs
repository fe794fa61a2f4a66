using System.Text.Json;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Execution;
using LstmLab.Notebooks.Output;

namespace LstmLab.Tests.Notebooks;

/// <summary>
/// <see cref="NotebookJob.RunAsync"/> runs the cells in a worker process and writes the report and
/// the .ipynb after every cell: a worker that dies, a cell past its timeout and an interrupt each
/// end as an error under the cell that was running, with everything before it kept.
/// </summary>
[Collection(NotebookRuns.Name)]
public class WorkerRunTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private static PreparedRun Prepare(TempFolder temp, string fixture, string? marker = null) =>
        NotebookJob.Prepare(
            new RunRequest(Fixtures.PathOf(fixture))
            {
                HtmlPath = Path.Combine(temp.Path, "out.html"),
                IpynbPath = Path.Combine(temp.Path, "out.ipynb"),
                Set = marker is null
                    ? new Dictionary<string, string>()
                    : new Dictionary<string, string> { ["marker"] = marker },
            }
        );

    private static Task<RunOutcome> Run(
        PreparedRun prepared,
        RunOptions? options = null,
        RunObserver? observer = null,
        RunControl? control = null
    ) =>
        NotebookJob
            .RunAsync(
                prepared,
                options ?? new RunOptions(),
                observer,
                new HtmlReport(() => ""),
                control
            )
            .WaitAsync(Bound);

    private static string Text(CellResult cell) =>
        string.Concat(cell.Outputs.OfType<StreamOutput>().Select(o => o.Text));

    [Fact]
    public async Task A_stack_overflow_ends_the_worker_and_the_report_keeps_the_cells_before_with_exit_2()
    {
        using var temp = new TempFolder();

        var outcome = await Run(Prepare(temp, "crashes.dib"));

        Assert.Equal(NotebookJob.CellFailed, outcome.ExitCode);
        var cells = outcome.Result.Cells;
        Assert.Equal(
            [CellStatus.Ok, CellStatus.Ok, CellStatus.Failed, CellStatus.NotRun],
            cells.Select(c => c.Status)
        );
        Assert.Equal("before the crash\n", Text(cells[1]));
        // Each write reaches lstmlab run before the next: the text just before the crash is kept.
        Assert.Equal("going down\na line not ended yet", Text(cells[2]));
        var error = Assert.IsType<ErrorOutput>(cells[2].Outputs[^1]);
        Assert.Equal("NotebookProcessEnded", error.TypeName);
        Assert.StartsWith(
            "the notebook process ended while cell 3 was running: Stack overflow.",
            error.Message
        );
        Assert.Contains("SIGABRT", error.Message);
        Assert.Equal("cell 3 (crashes.dib line 19)", error.Location);
        string html = File.ReadAllText(outcome.HtmlPath);
        Assert.Contains("Stack overflow.", html);
        Assert.Contains("before the crash", html);
        using var ipynb = JsonDocument.Parse(File.ReadAllText(outcome.IpynbPath));
        var crashed = ipynb.RootElement.GetProperty("cells")[2];
        Assert.Equal(
            "failed",
            crashed.GetProperty("metadata").GetProperty("lstmlab").GetProperty("status").GetString()
        );
    }

    [Fact]
    public async Task A_worker_killed_mid_cell_leaves_the_report_with_the_cells_output_so_far()
    {
        using var temp = new TempFolder();
        string marker = Path.Combine(temp.Path, "worker.pid");
        var run = Run(Prepare(temp, "sleeps.dib", marker));

        int worker = await LstmlabProcess.WaitForMarkerAsync(marker, run);
        Assert.NotEqual(Environment.ProcessId, worker);
        LstmlabProcess.Send(worker, LstmlabProcess.SigKill);
        var outcome = await run;

        Assert.Equal(NotebookJob.CellFailed, outcome.ExitCode);
        var cells = outcome.Result.Cells;
        Assert.Equal(CellStatus.Failed, cells[3].Status);
        Assert.Equal("sleeping\n", Text(cells[3]));
        var error = Assert.IsType<ErrorOutput>(cells[3].Outputs[^1]);
        Assert.Contains("the notebook process ended while cell 4 was running", error.Message);
        Assert.Contains("SIGKILL", error.Message);
        Assert.Equal(CellStatus.NotRun, cells[4].Status);
        string html = File.ReadAllText(outcome.HtmlPath);
        Assert.Contains("the cell before", html);
        Assert.Contains("SIGKILL", html);
    }

    [Fact]
    public async Task The_report_on_disk_holds_every_finished_cell_while_the_next_one_runs()
    {
        using var temp = new TempFolder();
        string marker = Path.Combine(temp.Path, "worker.pid");
        var prepared = Prepare(temp, "sleeps.dib", marker);
        var control = new RunControl();
        var run = Run(prepared, control: control);

        await LstmlabProcess.WaitForMarkerAsync(marker, run);
        string html = File.ReadAllText(prepared.HtmlPath);
        using (var ipynb = JsonDocument.Parse(File.ReadAllText(prepared.IpynbPath)))
            Assert.True(
                ipynb
                    .RootElement.GetProperty("metadata")
                    .GetProperty("lstmlab")
                    .GetProperty("in_progress")
                    .GetBoolean()
            );
        control.Interrupt();
        control.Interrupt();
        var outcome = await run;

        Assert.Contains("the cell before", html);
        Assert.Contains("incomplete: written while the run was still going", html);
        Assert.EndsWith("</html>\n", html);
        Assert.Equal(NotebookJob.CellFailed, outcome.ExitCode);
        Assert.Equal(CellStatus.Interrupted, outcome.Result.Cells[3].Status);
        var error = Assert.IsType<ErrorOutput>(outcome.Result.Cells[3].Outputs[^1]);
        Assert.Equal(
            "cell 4 was interrupted twice (Ctrl+C or SIGTERM), so its process was ended at once.",
            error.Message
        );
        Assert.Contains("interrupted at cell 4", File.ReadAllText(prepared.HtmlPath));
    }

    [Fact]
    public async Task An_interrupted_cell_that_does_not_stop_is_ended_after_the_grace_period()
    {
        using var temp = new TempFolder();
        string marker = Path.Combine(temp.Path, "worker.pid");
        var control = new RunControl();
        var run = Run(
            Prepare(temp, "sleeps.dib", marker),
            new RunOptions { InterruptGrace = TimeSpan.FromSeconds(1) },
            control: control
        );

        await LstmlabProcess.WaitForMarkerAsync(marker, run);
        control.Interrupt();
        var outcome = await run;

        Assert.Equal(NotebookJob.CellFailed, outcome.ExitCode);
        Assert.Equal(CellStatus.Interrupted, outcome.Result.Cells[3].Status);
        var error = Assert.IsType<ErrorOutput>(outcome.Result.Cells[3].Outputs[^1]);
        Assert.StartsWith(
            "cell 4 was interrupted (Ctrl+C or SIGTERM) and was still running 1 s later, so its process was ended.",
            error.Message
        );
    }

    [Fact]
    public async Task A_cell_past_its_timeout_ends_the_worker()
    {
        using var temp = new TempFolder();
        string marker = Path.Combine(temp.Path, "worker.pid");

        var outcome = await Run(
            Prepare(temp, "sleeps.dib", marker),
            new RunOptions { CellTimeout = TimeSpan.FromSeconds(2) }
        );

        Assert.Equal(NotebookJob.CellFailed, outcome.ExitCode);
        Assert.Equal(CellStatus.Failed, outcome.Result.Cells[3].Status);
        var error = Assert.IsType<ErrorOutput>(outcome.Result.Cells[3].Outputs[^1]);
        Assert.Equal(
            "cell 4 did not finish within 2 s (--cell-timeout); the run was stopped.",
            error.Message
        );
        await LstmlabProcess.WaitGoneAsync(int.Parse(File.ReadAllText(marker)));
    }

    [Fact]
    public async Task Stale_temporary_files_of_the_outputs_are_removed_and_others_kept()
    {
        using var temp = new TempFolder();
        var prepared = Prepare(temp, "basics.dib");
        string[] stale =
        [
            prepared.HtmlPath + ".0123abcd.tmp",
            prepared.IpynbPath + ".89abcdef.tmp",
        ];
        string other = prepared.HtmlPath + ".mine.tmp";
        foreach (var path in stale.Append(other))
            File.WriteAllText(path, "left by a killed run");

        var outcome = await Run(prepared);

        Assert.Equal(NotebookJob.Succeeded, outcome.ExitCode);
        Assert.All(stale, path => Assert.False(File.Exists(path), path));
        Assert.True(File.Exists(other));
        Assert.Equal(
            ["out.html", "out.html.mine.tmp", "out.ipynb"],
            Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal)
        );
    }

    [Fact]
    public async Task An_output_that_cannot_be_written_is_reported_by_its_path_and_the_other_is_still_written()
    {
        using var temp = new TempFolder();
        string blocker = Path.Combine(temp.Path, "not-a-folder");
        File.WriteAllText(blocker, "a file where the report's folder should be");
        var prepared = NotebookJob.Prepare(
            new RunRequest(Fixtures.PathOf("basics.dib"))
            {
                HtmlPath = Path.Combine(blocker, "out.html"),
                IpynbPath = Path.Combine(temp.Path, "out.ipynb"),
            }
        );

        var outcome = await Run(prepared);

        Assert.Equal(NotebookJob.OutputFailed, outcome.ExitCode);
        Assert.True(outcome.Result.Succeeded);
        string failure = Assert.Single(outcome.WriteFailures);
        Assert.StartsWith($"Could not write {prepared.HtmlPath}: ", failure);
        Assert.DoesNotContain(".tmp", failure);
        Assert.True(File.Exists(prepared.IpynbPath));
    }
}
