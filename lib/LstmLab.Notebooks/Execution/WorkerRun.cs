using System.Diagnostics;
using System.Threading.Channels;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Worker;

namespace LstmLab.Notebooks.Execution;

/// <summary>
/// <c>lstmlab run</c>'s side of a run: starts the worker process, rebuilds each cell's outputs from
/// its events as they arrive, and turns a worker that died, a cell past <c>--cell-timeout</c> and
/// an interrupt into a result whose running cell says what happened. After every finished cell it
/// hands a snapshot of the run to <c>afterCell</c> (which writes the report), as papermill writes
/// the notebook after every cell.
/// </summary>
internal sealed class WorkerRun(
    PreparedRun prepared,
    RunOptions options,
    RunObserver observer,
    RunControl control
)
{
    private static readonly TimeSpan EndWait = TimeSpan.FromSeconds(5);

    private readonly Notebook notebook = prepared.Notebook;
    private readonly Channel<object> inbox = Channel.CreateUnbounded<object>();
    private readonly List<CellResult> cells = prepared
        .Notebook.Cells.Select(c => new CellResult(
            c,
            c.IsCode ? CellStatus.NotRun : CellStatus.Ok,
            [],
            TimeSpan.Zero
        ))
        .ToList();
    private readonly Stopwatch cellClock = new();

    private int? running; // position in cells of the cell the worker runs
    private CellCapture? outputs; // its outputs so far, rebuilt from the worker's events
    private int codeIndex,
        reported,
        interrupts;
    private Ending ending;

    private enum Ending
    {
        None,
        Timeout,
        Interrupt,
        SecondInterrupt,
    }

    private sealed record WorkerGone;

    private sealed record InterruptRequested;

    private sealed record DeadlinePassed(Ending Why, int Cell);

    public async Task<RunResult> RunAsync(Action<RunResult> afterCell)
    {
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        var machine = MachineInfo.Current();
        RunResult Snapshot(bool inProgress) =>
            new(notebook, prepared.Parameters, cells.ToList(), started, clock.Elapsed, machine)
            {
                InProgress = inProgress,
            };

        var (worker, failure) = await WorkerProcess.StartAsync(
            new WorkerRequest(notebook, prepared.CheckpointPath),
            notebook.Folder
        );
        if (worker is null)
            Ended(failure!, []);
        else
            await using (worker)
            {
                control.Attach(() => inbox.Writer.TryWrite(new InterruptRequested()));
                _ = PumpAsync(worker);
                await foreach (var item in inbox.Reader.ReadAllAsync())
                    if (!await HandleAsync(item, worker, () => afterCell(Snapshot(true))))
                        break;
            }
        if (interrupts > 0 && !cells.Any(c => c.Status == CellStatus.Interrupted))
            NotStarted();
        Report(cells.Count);
        return Snapshot(false);
    }

    private async Task PumpAsync(WorkerProcess worker)
    {
        while (await worker.ReadAsync() is { } e)
            inbox.Writer.TryWrite(e);
        inbox.Writer.TryWrite(new WorkerGone());
    }

    // Returns false when the run is over.
    private async Task<bool> HandleAsync(object item, WorkerProcess worker, Action afterCell)
    {
        switch (item)
        {
            case CellStarted e:
                running = cells.FindIndex(c => c.Cell.Number == e.Cell);
                Report(running.Value);
                outputs = new CellCapture(observer.ConsoleLine);
                cellClock.Restart();
                observer.CellStarted(
                    cells[running.Value].Cell,
                    ++codeIndex,
                    cells.Count(c => c.Cell.IsCode)
                );
                break;
            case CellRunning e when options.CellTimeout is { } timeout:
                Arm(new DeadlinePassed(Ending.Timeout, e.Cell), timeout);
                break;
            case ConsoleText e:
                outputs?.Write(e.Stream, e.Text);
                break;
            case OutputAdded e:
                outputs?.Add(e.Output);
                break;
            case DisplayUpdated e:
                outputs?.Replace(e.Display, e.Value);
                break;
            case CellFinished e when running is { } at:
                var status =
                    e.Status == CellStatus.Failed && interrupts > 0
                        ? CellStatus.Interrupted
                        : e.Status;
                Finish(at, status, TimeSpan.FromSeconds(e.Seconds));
                afterCell();
                break;
            case RunDone:
                return false;
            case WorkerGone:
                Ended(await worker.EndedAsync(EndWait), worker.Stderr);
                return false;
            case InterruptRequested:
                if (++interrupts == 1)
                {
                    worker.Interrupt();
                    Arm(new DeadlinePassed(Ending.Interrupt, 0), options.InterruptGrace);
                }
                else
                {
                    ending = Ending.SecondInterrupt;
                    worker.Kill();
                }
                break;
            case DeadlinePassed { Why: Ending.Interrupt }:
                ending = Ending.Interrupt;
                worker.Kill();
                break;
            case DeadlinePassed d when running is { } at && cells[at].Cell.Number == d.Cell:
                ending = d.Why;
                worker.Kill();
                break;
        }
        return true;
    }

    private void Arm(DeadlinePassed deadline, TimeSpan after) =>
        _ = Task.Delay(after).ContinueWith(_ => inbox.Writer.TryWrite(deadline));

    private void Finish(int at, CellStatus status, TimeSpan elapsed, ErrorOutput? error = null)
    {
        Report(at);
        var capture = outputs ?? new CellCapture();
        if (error is not null)
            capture.Add(error);
        cells[at] = new CellResult(cells[at].Cell, status, capture.Snapshot(), elapsed);
        observer.CellFinished(cells[at]);
        reported = Math.Max(reported, at + 1);
        running = null;
        outputs = null;
    }

    // The worker ended without saying it was done: it crashed, or lstmlab run ended it.
    private void Ended(string how, IReadOnlyList<string> stderr)
    {
        int at = running ?? cells.FindIndex(c => c.Cell.IsCode && c.Status == CellStatus.NotRun);
        if (at < 0)
            return;
        var cell = cells[at].Cell;
        string location = $"cell {cell.Number} ({notebook.Where(cell.FirstLine)})";
        var (status, error) = ending switch
        {
            Ending.Timeout => (
                CellStatus.Failed,
                CellErrors.Timeout(notebook, cell, options.CellTimeout!.Value)
            ),
            Ending.Interrupt => (
                CellStatus.Interrupted,
                new ErrorOutput(
                    "Interrupted",
                    $"cell {cell.Number} was interrupted (Ctrl+C or SIGTERM) and was still running "
                        + $"{options.InterruptGrace.TotalSeconds:0.#} s later, so its process was ended. "
                        + "Training stops at the end of its batch and saves a checkpoint; this cell was doing something else.",
                    location,
                    []
                )
            ),
            Ending.SecondInterrupt => (
                CellStatus.Interrupted,
                new ErrorOutput(
                    "Interrupted",
                    $"cell {cell.Number} was interrupted twice (Ctrl+C or SIGTERM), so its process was ended at once.",
                    location,
                    []
                )
            ),
            _ => (
                CellStatus.Failed,
                new ErrorOutput(
                    "NotebookProcessEnded",
                    $"the notebook process ended {(running is null ? "before" : "while")} cell {cell.Number} "
                        + $"{(running is null ? "started" : "was running")}: {how}. "
                        + "The cells before it ran; a new run starts a new process.",
                    location,
                    stderr
                )
            ),
        };
        Finish(at, status, running is null ? TimeSpan.Zero : cellClock.Elapsed, error);
    }

    // The interrupt came between cells: the first cell that did not run is marked.
    private void NotStarted()
    {
        int at = cells.FindIndex(c => c.Cell.IsCode && c.Status == CellStatus.NotRun);
        if (at < 0 || cells.Any(c => c.Status == CellStatus.Failed))
            return;
        var cell = cells[at].Cell;
        Finish(
            at,
            CellStatus.Interrupted,
            TimeSpan.Zero,
            new ErrorOutput(
                "Interrupted",
                $"the run was interrupted (Ctrl+C or SIGTERM) before cell {cell.Number} started.",
                $"cell {cell.Number} ({notebook.Where(cell.FirstLine)})",
                []
            )
        );
    }

    // Tells the observer of the cells before `end` that it has not heard of (markdown, not run).
    private void Report(int end)
    {
        for (; reported < end; reported++)
            observer.CellFinished(cells[reported]);
    }
}
