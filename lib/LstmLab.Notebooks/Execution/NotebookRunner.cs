using System.Diagnostics;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Parameters;

namespace LstmLab.Notebooks.Execution;

/// <summary>
/// Runs a notebook's C# cells in order in this process, in one Roslyn script state as the .NET
/// Interactive C# kernel does (see <see cref="NotebookSession"/>), with the notebook's folder as the
/// working directory while cells run. The first cell that fails stops the run; the result still
/// holds every cell, so the report and the .ipynb show where and why it stopped. <c>lstmlab run</c>
/// runs cells in a worker process instead (<see cref="NotebookJob"/>), which a cell can crash
/// without taking the report with it.
/// </summary>
public sealed class NotebookRunner(RunOptions? options = null)
{
    private readonly RunOptions options = options ?? new RunOptions();

    /// <summary>
    /// Checks what can be checked before running (every <c>#r</c> target exists) and throws
    /// <see cref="NotebookException"/> when the notebook cannot start; then runs it.
    /// </summary>
    /// <param name="notebook">The notebook as it should run (parameters already applied).</param>
    /// <param name="parameters">The effective parameter values, recorded in the result.</param>
    /// <param name="observer">Told of each cell's start and end, for a progress display.</param>
    public async Task<RunResult> RunAsync(
        Notebook notebook,
        IReadOnlyList<ParameterValue> parameters,
        RunObserver? observer = null
    )
    {
        observer ??= new RunObserver();
        var directives = notebook
            .Cells.Where(c => c.IsCode)
            .ToDictionary(c => c.Number, c => CellDirectives.Read(notebook, c));
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        var results = new List<CellResult>();
        var session = new NotebookSession(notebook, options);
        string workingDirectory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = notebook.Folder;
        try
        {
            int index = 0;
            foreach (var cell in notebook.Cells)
            {
                CellResult result;
                if (results.Any(r => r.Status == CellStatus.Failed))
                    result = new CellResult(cell, CellStatus.NotRun, [], TimeSpan.Zero);
                else if (!cell.IsCode)
                    result = new CellResult(cell, CellStatus.Ok, [], TimeSpan.Zero);
                else
                {
                    observer.CellStarted(cell, ++index, directives.Count);
                    result = await session.RunCellAsync(
                        cell,
                        directives[cell.Number],
                        new CellCapture(observer.ConsoleLine)
                    );
                }
                results.Add(result);
                observer.CellFinished(result);
            }
        }
        finally
        {
            Environment.CurrentDirectory = workingDirectory;
        }
        return new RunResult(
            notebook,
            parameters,
            results,
            started,
            clock.Elapsed,
            MachineInfo.Current()
        );
    }

    /// <summary>
    /// Throws <see cref="NotebookException"/> when a cell of <paramref name="notebook"/> cannot start:
    /// an <c>#r</c> that names a missing file. <see cref="RunAsync"/> checks this too, before any cell runs.
    /// </summary>
    public static void Check(Notebook notebook)
    {
        foreach (var cell in notebook.Cells.Where(c => c.IsCode))
            CellDirectives.Read(notebook, cell);
    }
}
