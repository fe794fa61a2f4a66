using LstmLab.Notebooks.Formatting;

namespace LstmLab.Notebooks.Execution;

/// <summary>How <see cref="NotebookRunner"/> runs cells.</summary>
public sealed record RunOptions
{
    /// <summary>A cell still running after this long fails the run (<c>--cell-timeout</c>); null waits forever.</summary>
    public TimeSpan? CellTimeout { get; init; }

    /// <summary>Formats displayed and returned values; the kernel's convention by default.</summary>
    public IOutputFormatter Formatter { get; init; } = new KernelConventionFormatter();
}
