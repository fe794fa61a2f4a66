using System.CommandLine;
using System.Diagnostics;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Execution;
using LstmLab.Training;
using Spectre.Console;

namespace LstmLab.Cli.Commands;

/// <summary>
/// <c>lstmlab run NOTEBOOK.dib [--set name=value]... [--quick] [--html OUT.html] [--ipynb OUT.ipynb]
/// [--cell-timeout SECONDS]</c>: runs the notebook's C# cells with a progress bar, then writes the
/// HTML report and the executed .ipynb. Exit code 0: every cell ran; 1: the notebook or the
/// arguments cannot be used; 2: a cell failed (the report and the .ipynb are still written).
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
        var timeout = new Option<double?>("--cell-timeout")
        {
            Description = "Fail a cell still running after this many seconds (default: no limit).",
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
        double? timeoutSeconds
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
        try
        {
            if (timeoutSeconds is <= 0)
                throw new NotebookException(
                    $"--cell-timeout {timeoutSeconds}: expected a number of seconds above 0."
                );
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

        var options = new RunOptions
        {
            CellTimeout = timeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
        };
        PrintStart(terminal, prepared);
        // Ctrl+C: training stops at the end of its current batch, saves a checkpoint beside the report,
        // and the run ends like a failed cell (report written, exit 2). A second Ctrl+C ends the process.
        TrainingInterrupt.CheckpointPath = Path.ChangeExtension(
            prepared.HtmlPath,
            ".checkpoint.safetensors"
        );
        ConsoleCancelEventHandler interrupt = (_, e) =>
        {
            if (TrainingInterrupt.IsRequested)
                return;
            e.Cancel = true;
            TrainingInterrupt.Request();
            errors.MarkupLine(
                "[yellow]Stopping at the end of the current batch (Ctrl+C again to quit now)…[/]"
            );
        };
        Console.CancelKeyPress += interrupt;
        RunOutcome outcome;
        try
        {
            outcome = terminal.Profile.Capabilities.Interactive
                ? await RunWithProgressBar(terminal, prepared, options)
                : await NotebookJob.RunAsync(prepared, options, new LineObserver(terminal));
        }
        catch (NotebookException e)
        {
            errors.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return NotebookJob.InputError;
        }
        finally
        {
            Console.CancelKeyPress -= interrupt;
        }
        PrintEnd(terminal, errors, outcome);
        return outcome.ExitCode;
    }

    private static async Task<RunOutcome> RunWithProgressBar(
        IAnsiConsole terminal,
        PreparedRun prepared,
        RunOptions options
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
                outcome = await NotebookJob.RunAsync(prepared, options, new ProgressObserver(task));
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
        if (failed?.Outputs.OfType<ErrorOutput>().LastOrDefault() is { } error)
            errors.MarkupLine(
                $"[red]cell {failed.Cell.Number} failed[/]{Markup.Escape(error.Location is null ? "" : $" at {error.Location}")}: "
                    + Markup.Escape(error.Headline)
            );
        else
            terminal.MarkupLine(
                $"[green]done[/]: {outcome.Result.Cells.Count(c => c.Cell.IsCode)} code cells in {outcome.Result.Elapsed.TotalSeconds:0.0} s"
            );
        terminal.MarkupLine($"report:   {Markup.Escape(outcome.HtmlPath)}");
        terminal.MarkupLine($"notebook: {Markup.Escape(outcome.IpynbPath)}");
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
            string status = result.Status == CellStatus.Ok ? "[green]ok[/]" : "[red]failed[/]";
            terminal.MarkupLine(
                $"{Markup.Escape(cell)} {status} {result.Elapsed.TotalSeconds:0.00} s"
            );
        }
    }
}
