using System.Diagnostics;
using LstmLab.Notebooks.Documents;
using Microsoft.CodeAnalysis;

namespace LstmLab.Notebooks.Execution;

/// <summary>
/// Turns what a cell threw into an <see cref="ErrorOutput"/> that names the cell's line and the
/// notebook's line. Each cell is compiled with the file name <c>NAME.dib#cell-N</c>, so a stack
/// frame names the cell whose code it is in, even when a method of an earlier cell threw.
/// </summary>
internal static class CellErrors
{
    private const string CellMarker = "#cell-";

    /// <summary>The file name Roslyn gives cell <paramref name="cell"/>'s code.</summary>
    public static string FileName(Notebook notebook, NotebookCell cell) =>
        $"{Path.GetFileName(notebook.Path)}{CellMarker}{cell.Number}";

    /// <summary>The compiler's errors (at least one), one per line, located at the first.</summary>
    public static ErrorOutput Compilation(
        Notebook notebook,
        NotebookCell cell,
        IReadOnlyList<Diagnostic> errors
    )
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var lines = errors
            .Select(d => $"line {LineOf(d)}: {d.Id}: {d.GetMessage(invariant)}")
            .ToList();
        return new ErrorOutput(
            "CompilationError",
            string.Join('\n', lines),
            Locate(notebook, cell, LineOf(errors[0])),
            []
        );
    }

    private static int LineOf(Diagnostic diagnostic) =>
        diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1;

    /// <summary>
    /// An exception the cell's code threw, located at the innermost frame in a cell's code and, when
    /// that is a method an earlier cell defined, also at the failing cell's line that called it.
    /// </summary>
    public static ErrorOutput Runtime(Notebook notebook, NotebookCell cell, Exception e)
    {
        var frames = new List<(NotebookCell Cell, int Line)>();
        foreach (var frame in new StackTrace(e, fNeedFileInfo: true).GetFrames())
        {
            string? file = frame.GetFileName();
            int at = file?.LastIndexOf(CellMarker, StringComparison.Ordinal) ?? -1;
            if (at >= 0 && int.TryParse(file![(at + CellMarker.Length)..], out int number))
                if (notebook.Cells.FirstOrDefault(c => c.Number == number) is { } owner)
                    frames.Add((owner, frame.GetFileLineNumber()));
        }
        string? location = null;
        if (frames.Count > 0)
        {
            location = Locate(notebook, frames[0].Cell, frames[0].Line);
            var caller = frames.FirstOrDefault(f => f.Cell.Number == cell.Number);
            if (frames[0].Cell.Number != cell.Number && caller.Cell is not null)
                location += $", called from {Locate(notebook, cell, caller.Line)}";
        }
        return new ErrorOutput(
            e.GetType().FullName ?? e.GetType().Name,
            e.Message,
            location,
            Trace(notebook, e)
        );
    }

    /// <summary>The cell ran past <paramref name="timeout"/>.</summary>
    public static ErrorOutput Timeout(Notebook notebook, NotebookCell cell, TimeSpan timeout) =>
        new(
            typeof(TimeoutException).FullName!,
            $"cell {cell.Number} did not finish within {timeout.TotalSeconds:0.#} s (--cell-timeout); the run was stopped.",
            $"cell {cell.Number} ({notebook.Where(cell.FirstLine)})",
            []
        );

    /// <summary>"cell 3, line 2 (lstm.dib line 41)".</summary>
    public static string Locate(Notebook notebook, NotebookCell cell, int lineInCell) =>
        $"cell {cell.Number}, line {lineInCell} ({notebook.Where(cell.FileLine(lineInCell))})";

    // The exception's text up to the last frame in a cell: the scripting engine's frames below it
    // say nothing about the notebook. Paths in the notebook's folder are shown relative to it.
    private static List<string> Trace(Notebook notebook, Exception e)
    {
        string folder = notebook.Folder + Path.DirectorySeparatorChar;
        var lines = e.ToString()
            .Split('\n')
            .Select(l => l.TrimEnd('\r').Replace(folder, ""))
            .ToList();
        int last = lines.FindLastIndex(l => l.Contains(CellMarker, StringComparison.Ordinal));
        return last >= 0 ? lines.Take(last + 1).ToList() : lines;
    }
}
