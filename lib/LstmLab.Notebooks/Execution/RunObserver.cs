using LstmLab.Notebooks.Documents;

namespace LstmLab.Notebooks.Execution;

/// <summary>Told what a run is doing, for a progress display; every method does nothing by default.</summary>
public class RunObserver
{
    /// <summary>A C# cell starts: the <paramref name="index"/>-th (1-based) of <paramref name="count"/> code cells.</summary>
    public virtual void CellStarted(NotebookCell cell, int index, int count) { }

    /// <summary>The running cell's current console line changed (e.g. a training progress line).</summary>
    public virtual void ConsoleLine(string line) { }

    /// <summary>A cell ended (markdown cells and cells not run included).</summary>
    public virtual void CellFinished(CellResult result) { }
}
