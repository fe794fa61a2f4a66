using System.Text.Json;

namespace LstmLab.Tests.Notebooks;

/// <summary>
/// Real signals to a real <c>lstmlab run</c>: Ctrl+C (SIGINT) and SIGTERM leave the report and the
/// .ipynb of what ran, the interrupted cell marked, a checkpoint when Fit was training, exit 2;
/// kill -9 of the whole run leaves the last complete report and no worker behind.
/// </summary>
[Collection(NotebookRuns.Name)]
public class SignalTests
{
    private static string[] RunArgs(TempFolder temp, string fixture, string marker) =>
        [
            "run",
            Fixtures.PathOf(fixture),
            "--html",
            Path.Combine(temp.Path, "out.html"),
            "--ipynb",
            Path.Combine(temp.Path, "out.ipynb"),
            "--set",
            $"marker={marker}",
        ];

    private static string CellStatus(TempFolder temp, int index)
    {
        using var ipynb = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(temp.Path, "out.ipynb"))
        );
        return ipynb
            .RootElement.GetProperty("cells")[index]
            .GetProperty("metadata")
            .GetProperty("lstmlab")
            .GetProperty("status")
            .GetString()!;
    }

    [SkippableTheory]
    [InlineData(LstmlabProcess.SigInt)]
    [InlineData(LstmlabProcess.SigTerm)]
    public async Task A_signal_during_training_saves_a_checkpoint_and_writes_the_report_with_exit_2(
        int signal
    )
    {
        if (signal == LstmlabProcess.SigInt)
            Needs.CtrlC();
        using var temp = new TempFolder();
        string marker = Path.Combine(temp.Path, "worker.pid");
        using var lstmlab = LstmlabProcess.Start(RunArgs(temp, "trains.dib", marker));

        await LstmlabProcess.WaitForMarkerAsync(marker);
        lstmlab.Signal(signal);
        var (exitCode, stdout, stderr) = await lstmlab.EndAsync();

        Assert.True(exitCode == 2, $"exit code {exitCode}\n{stdout}\n{stderr}");
        Assert.Contains("Interrupted: stopping the running cell", stderr);
        Assert.Equal("ok", CellStatus(temp, 2));
        Assert.Equal("interrupted", CellStatus(temp, 3));
        Assert.Equal("notrun", CellStatus(temp, 4));
        string html = File.ReadAllText(Path.Combine(temp.Path, "out.html"));
        Assert.Contains("interrupted at cell 4", html);
        Assert.Contains("TrainingInterruptedException", html);
        Assert.True(File.Exists(Path.Combine(temp.Path, "out.checkpoint.safetensors")));
    }

    [SkippableFact]
    public async Task Ctrl_c_outside_training_ends_the_cell_after_the_grace_period_and_writes_the_report()
    {
        Needs.CtrlC();
        using var temp = new TempFolder();
        string marker = Path.Combine(temp.Path, "worker.pid");
        using var lstmlab = LstmlabProcess.Start(RunArgs(temp, "sleeps.dib", marker));

        int worker = await LstmlabProcess.WaitForMarkerAsync(marker);
        lstmlab.Signal(LstmlabProcess.SigInt);
        var (exitCode, stdout, stderr) = await lstmlab.EndAsync();

        Assert.True(exitCode == 2, $"exit code {exitCode}\n{stdout}\n{stderr}");
        Assert.Equal("ok", CellStatus(temp, 2));
        Assert.Equal("interrupted", CellStatus(temp, 3));
        string html = File.ReadAllText(Path.Combine(temp.Path, "out.html"));
        Assert.Contains("the cell before", html);
        Assert.Contains(
            "cell 4 was interrupted (Ctrl+C or SIGTERM) and was still running 10 s later",
            html
        );
        await LstmlabProcess.WaitGoneAsync(worker);
    }

    [SkippableFact]
    public async Task A_second_ctrl_c_ends_a_cell_that_does_not_stop_and_still_writes_the_report()
    {
        Needs.CtrlC();
        using var temp = new TempFolder();
        string marker = Path.Combine(temp.Path, "worker.pid");
        using var lstmlab = LstmlabProcess.Start(RunArgs(temp, "sleeps.dib", marker));

        int worker = await LstmlabProcess.WaitForMarkerAsync(marker);
        lstmlab.Signal(LstmlabProcess.SigInt);
        await lstmlab.WaitForStderrAsync("Interrupted: stopping the running cell");
        lstmlab.Signal(LstmlabProcess.SigInt);
        var (exitCode, stdout, stderr) = await lstmlab.EndAsync();

        Assert.True(exitCode == 2, $"exit code {exitCode}\n{stdout}\n{stderr}");
        Assert.Equal("interrupted", CellStatus(temp, 3));
        Assert.Contains(
            "cell 4 was interrupted twice",
            File.ReadAllText(Path.Combine(temp.Path, "out.html"))
        );
        await LstmlabProcess.WaitGoneAsync(worker);
    }

    [SkippableFact]
    public async Task In_a_terminal_ctrl_c_leaves_the_cursor_shown()
    {
        Needs.CtrlC();
        using var temp = new TempFolder();
        string marker = Path.Combine(temp.Path, "worker.pid");
        string typescript = Path.Combine(temp.Path, "terminal.log");
        // util-linux's `script` runs lstmlab on a pseudo-terminal, where its progress bar hides the cursor.
        string command = string.Join(
            ' ',
            new[] { LstmlabProcess.DotnetHost(), LstmlabProcess.CliPath }
                .Concat(RunArgs(temp, "sleeps.dib", marker))
                .Select(a => $"'{a}'")
        );
        using var terminal = System.Diagnostics.Process.Start(
            "script",
            ["--quiet", "--flush", "--return", "--command", command, typescript]
        );

        int worker = await LstmlabProcess.WaitForMarkerAsync(marker);
        int lstmlab = LstmlabProcess.ParentOf(worker);
        LstmlabProcess.Send(lstmlab, LstmlabProcess.SigInt);
        await LstmlabProcess.WaitForTextAsync(() => File.ReadAllText(typescript), "Interrupted:");
        LstmlabProcess.Send(lstmlab, LstmlabProcess.SigInt);
        await terminal.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(2, terminal.ExitCode);
        string shown = File.ReadAllText(typescript);
        int hidden = shown.LastIndexOf("\e[?25l", StringComparison.Ordinal);
        Assert.True(hidden >= 0, "the progress bar did not hide the cursor:\n" + shown);
        Assert.True(
            shown.IndexOf("\e[?25h", hidden, StringComparison.Ordinal) > hidden,
            "the cursor was left hidden:\n" + shown
        );
        Assert.Equal("interrupted", CellStatus(temp, 3));
    }

    [Fact]
    public async Task Kill_9_of_the_run_leaves_the_last_complete_report_and_ends_the_worker()
    {
        using var temp = new TempFolder();
        string marker = Path.Combine(temp.Path, "worker.pid");
        using var lstmlab = LstmlabProcess.Start(RunArgs(temp, "sleeps.dib", marker));

        int worker = await LstmlabProcess.WaitForMarkerAsync(marker);
        lstmlab.Signal(LstmlabProcess.SigKill);
        await lstmlab.EndAsync();
        await LstmlabProcess.WaitGoneAsync(worker);

        string html = File.ReadAllText(Path.Combine(temp.Path, "out.html"));
        Assert.Contains("the cell before", html);
        Assert.Contains("incomplete: written while the run was still going", html);
        Assert.EndsWith("</html>\n", html);
        Assert.Equal("ok", CellStatus(temp, 2));
    }
}
