using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Execution;
using Spectre.Console;

namespace LstmLab.Cli.Commands;

/// <summary>
/// <c>lstmlab run NOTEBOOK.dib [--set name=value]... [--quick] [--html OUT.html] [--ipynb OUT.ipynb]
/// [--cell-timeout SECONDS]</c>: runs the notebook's C# cells in a worker process with a progress
/// bar, writing the HTML report and the executed .ipynb after every cell. Exit code 0: every cell
/// ran; 1: the notebook or the arguments cannot be used (nothing ran); 2: a cell failed, the
/// notebook process died or the run was interrupted (the report and the .ipynb show it); 3: the
/// report or the .ipynb could not be written.
/// </summary>
public static class RunCommand
{
    private const int LogWidth = 1000;

    public static Command Create()
    {
        var notebook = new Argument<string>("notebook")
        {
            Description = "The Polyglot notebook (.dib) to run.",
        };
        var set = new Option<string[]>("--set")
        {
            Description =
                "Replace a value of the notebook's parameters cell: --set epochs=3 (repeatable).",
        };
        var quick = new Option<bool>("--quick")
        {
            Description =
                "Use the parameters' '// quick:' values: the whole notebook in about a minute.",
        };
        var html = new Option<string?>("--html")
        {
            Description = "Where to write the HTML report (default: out/NAME.html).",
        };
        var ipynb = new Option<string?>("--ipynb")
        {
            Description = "Where to write the executed notebook (default: out/NAME.ipynb).",
        };
        var timeout = new Option<string?>("--cell-timeout")
        {
            Description =
                "Fail a cell still running after this many seconds, ending its process (default: no limit).",
        };
        var command = new Command(
            "run",
            "Run a notebook; write an HTML report and the executed .ipynb."
        )
        {
            notebook,
            set,
            quick,
            html,
            ipynb,
            timeout,
        };
        command.SetAction(
            (parse, _) =>
                RunAsync(
                    new RunRequest(parse.GetValue(notebook)!)
                    {
                        Quick = parse.GetValue(quick),
                        HtmlPath = parse.GetValue(html),
                        IpynbPath = parse.GetValue(ipynb),
                    },
                    parse.GetValue(set) ?? [],
                    parse.GetValue(timeout)
                )
        );
        return command;
    }

    private static async Task<int> RunAsync(
        RunRequest request,
        string[] assignments,
        string? timeoutText
    )
    {
        // Created before any cell runs: cells' console text is captured, the progress bar is not.
        var terminal = AnsiConsole.Create(
            new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }
        );
        var errors = AnsiConsole.Create(
            new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }
        );
        // A log keeps a message on one line; a terminal wraps it to its width.
        if (Console.IsOutputRedirected)
            terminal.Profile.Width = LogWidth;
        if (Console.IsErrorRedirected)
            errors.Profile.Width = LogWidth;
        PreparedRun prepared;
        TimeSpan? timeout;
        try
        {
            timeout = RunOptions.ParseCellTimeout(timeoutText);
            prepared = NotebookJob.Prepare(
                request with
                {
                    Set = Notebooks.Parameters.ParameterBinding.ParseAssignments(assignments),
                }
            );
        }
        catch (NotebookException e)
        {
            errors.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return NotebookJob.InputError;
        }

        var options = new RunOptions { CellTimeout = timeout };
        PrintStart(terminal, prepared);
        // Ctrl+C or SIGTERM: the running cell stops (training at the end of its batch, saving a
        // checkpoint beside the report) or is ended after a grace period; a second one ends it at
        // once. Either way the report and the .ipynb of what ran are written, and the exit code is 2.
        var control = new RunControl();
        using var sigint = PosixSignalRegistration.Create(
            PosixSignal.SIGINT,
            c => Interrupt(c, control, errors, prepared)
        );
        using var sigterm = PosixSignalRegistration.Create(
            PosixSignal.SIGTERM,
            c => Interrupt(c, control, errors, prepared)
        );
        RunOutcome outcome;
        try
        {
            outcome = terminal.Profile.Capabilities.Interactive
                ? await RunWithProgressBar(terminal, prepared, options, control)
                : await NotebookJob.RunAsync(
                    prepared,
                    options,
                    new LineObserver(terminal),
                    control: control
                );
        }
        catch (NotebookException e)
        {
            errors.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return NotebookJob.InputError;
        }
        PrintEnd(terminal, errors, outcome);
        return outcome.ExitCode;
    }

    private static void Interrupt(
        PosixSignalContext signal,
        RunControl control,
        IAnsiConsole errors,
        PreparedRun prepared
    )
    {
        signal.Cancel = true;
        control.Interrupt();
        errors.MarkupLine(
            control.Interrupts == 1
                ? $"[yellow]Interrupted: stopping the running cell (training stops at the end of its batch and saves {Markup.Escape(prepared.CheckpointPath)}); again to stop at once…[/]"
                : "[yellow]Stopping now…[/]"
        );
    }

    private static async Task<RunOutcome> RunWithProgressBar(
        IAnsiConsole terminal,
        PreparedRun prepared,
        RunOptions options,
        RunControl control
    )
    {
        int codeCells = prepared.Notebook.Cells.Count(c => c.IsCode);
        RunOutcome? outcome = null;
        await terminal
            .Progress()
            .AutoClear(true)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new ElapsedTimeColumn(),
                new SpinnerColumn()
            )
            .StartAsync(async context =>
            {
                var task = context.AddTask(prepared.Notebook.Name, maxValue: codeCells);
                outcome = await NotebookJob.RunAsync(
                    prepared,
                    options,
                    new ProgressObserver(task),
                    control: control
                );
            });
        return outcome!;
    }

    private static void PrintStart(IAnsiConsole terminal, PreparedRun prepared)
    {
        terminal.MarkupLine(
            $"[bold]{Markup.Escape(prepared.Notebook.Title)}[/] ({Markup.Escape(prepared.Notebook.Path)})"
        );
        if (prepared.Parameters.Count > 0)
            terminal.MarkupLine(
                "parameters: "
                    + string.Join(
                        ", ",
                        prepared.Parameters.Select(p =>
                            Markup.Escape($"{p.Parameter.Name}={p.Literal}")
                            + (
                                p.Origin == Notebooks.Parameters.ParameterOrigin.Default
                                    ? ""
                                    : $" [grey]({p.OriginText})[/]"
                            )
                        )
                    )
            );
    }

    private static void PrintEnd(IAnsiConsole terminal, IAnsiConsole errors, RunOutcome outcome)
    {
        foreach (
            var warning in outcome.Result.Cells.SelectMany(c => c.Outputs).OfType<WarningOutput>()
        )
            errors.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning.Message)}");
        if (outcome.PicturesLeftOut is { } leftOut)
            errors.MarkupLine($"[yellow]warning:[/] {Markup.Escape(leftOut)}");
        var failed = outcome.Result.FailedCell;
        string verb = failed?.Status == CellStatus.Interrupted ? "was interrupted" : "failed";
        if (failed?.Outputs.OfType<ErrorOutput>().LastOrDefault() is { } error)
            errors.MarkupLine(
                $"[red]cell {failed.Cell.Number} {verb}[/]{Markup.Escape(error.Location is null ? "" : $" at {error.Location}")}: "
                    + Markup.Escape(error.Headline)
            );
        else
            terminal.MarkupLine(
                $"[green]done[/]: {outcome.Result.Cells.Count(c => c.Cell.IsCode)} code cells in {outcome.Result.Elapsed.TotalSeconds:0.0} s"
            );
        foreach (var failure in outcome.WriteFailures)
            errors.MarkupLine($"[red]error:[/] {Markup.Escape(failure)}");
        foreach (
            var (label, path) in new[]
            {
                ("report:  ", outcome.HtmlPath),
                ("notebook:", outcome.IpynbPath),
            }
        )
            if (!outcome.WriteFailures.Any(f => f.Contains(path, StringComparison.Ordinal)))
                terminal.MarkupLine($"{label} {Markup.Escape(path)}");
    }

    /// <summary>The progress bar: one step per code cell; the description shows the cell's current console line.</summary>
    private sealed class ProgressObserver(ProgressTask task) : RunObserver
    {
        private readonly Stopwatch sinceUpdate = Stopwatch.StartNew();
        private string cell = "";

        public override void CellStarted(NotebookCell cell, int index, int count)
        {
            this.cell = $"cell {cell.Number} ({index}/{count})";
            task.Description = Markup.Escape(this.cell);
        }

        // Training loops rewrite their line thousands of times; ten updates a second are enough to read.
        public override void ConsoleLine(string line)
        {
            if (sinceUpdate.ElapsedMilliseconds < 100)
                return;
            sinceUpdate.Restart();
            string shown = line.Length > 60 ? line[..57] + "..." : line;
            task.Description = Markup.Escape($"{cell}: {shown}");
        }

        public override void CellFinished(CellResult result)
        {
            if (result.Cell.IsCode && result.Status != CellStatus.NotRun)
                task.Increment(1);
        }
    }

    /// <summary>Where the terminal cannot redraw a bar (a log, CI): one line per code cell.</summary>
    private sealed class LineObserver(IAnsiConsole terminal) : RunObserver
    {
        private string cell = "";

        public override void CellStarted(NotebookCell cell, int index, int count) =>
            this.cell = $"cell {cell.Number} ({index}/{count})";

        public override void CellFinished(CellResult result)
        {
            if (!result.Cell.IsCode || result.Status == CellStatus.NotRun)
                return;
            string status = result.Status switch
            {
                CellStatus.Ok => "[green]ok[/]",
                CellStatus.Interrupted => "[red]interrupted[/]",
                _ => "[red]failed[/]",
            };
            terminal.MarkupLine(
                $"{Markup.Escape(cell)} {status} {result.Elapsed.TotalSeconds:0.00} s"
            );
        }
    }
}
