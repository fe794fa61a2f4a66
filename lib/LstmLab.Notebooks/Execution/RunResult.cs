using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Parameters;

namespace LstmLab.Notebooks.Execution;

/// <summary>How a cell ended.</summary>
public enum CellStatus
{
    /// <summary>Ran to the end (markdown cells are always Ok).</summary>
    Ok,

    /// <summary>Threw, did not compile, or ran past the cell timeout: the run stopped here.</summary>
    Failed,

    /// <summary>Not run because an earlier cell failed or the run was interrupted.</summary>
    NotRun,

    /// <summary>Stopped by an interrupt (Ctrl+C or SIGTERM in <c>lstmlab run</c>): the run stopped here.</summary>
    Interrupted,
}

/// <summary>One cell after the run: the code that ran, its outputs in order, and how long it took.</summary>
/// <param name="Cell">The cell as run (the parameters cell with its effective values).</param>
/// <param name="Status">Whether it ran, failed or was not reached.</param>
/// <param name="Outputs">Console text, displayed values, warnings and the error, in order.</param>
/// <param name="Elapsed">Wall-clock time of compiling and running the cell.</param>
public sealed record CellResult(
    NotebookCell Cell,
    CellStatus Status,
    IReadOnlyList<CellOutput> Outputs,
    TimeSpan Elapsed
);

/// <summary>A whole run: what the report and the executed .ipynb are written from.</summary>
/// <param name="Notebook">The notebook as run.</param>
/// <param name="Parameters">The effective parameter values (empty without a parameters cell).</param>
/// <param name="Cells">Every cell, in order.</param>
/// <param name="Started">When the run began.</param>
/// <param name="Elapsed">Wall-clock time of the whole run.</param>
/// <param name="Machine">Where it ran.</param>
public sealed record RunResult(
    Notebook Notebook,
    IReadOnlyList<ParameterValue> Parameters,
    IReadOnlyList<CellResult> Cells,
    DateTimeOffset Started,
    TimeSpan Elapsed,
    MachineInfo Machine
)
{
    /// <summary>
    /// True while the run is still going: <c>lstmlab run</c> writes the report after every cell, and
    /// one written before the end says so (the cells after the last finished one show as not run).
    /// </summary>
    public bool InProgress { get; init; }

    /// <summary>True when no cell failed or was interrupted.</summary>
    public bool Succeeded =>
        Cells.All(c => c.Status is not (CellStatus.Failed or CellStatus.Interrupted));

    /// <summary>The cell that stopped the run (failed or interrupted), if any.</summary>
    public CellResult? FailedCell =>
        Cells.FirstOrDefault(c => c.Status is CellStatus.Failed or CellStatus.Interrupted);
}
