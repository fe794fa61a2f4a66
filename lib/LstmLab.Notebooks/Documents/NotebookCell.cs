namespace LstmLab.Notebooks.Documents;

/// <summary>
/// One cell of a notebook: its kernel (<c>csharp</c> or <c>markdown</c>), its text, and where
/// that text starts in the .dib file so that errors can name the file's line.
/// </summary>
/// <param name="Number">1-based position among the notebook's cells.</param>
/// <param name="KernelName">The kernel's name (aliases already resolved).</param>
/// <param name="Source">The cell's lines joined with '\n', blank lines at both ends removed.</param>
/// <param name="FirstLine">The 1-based line of the .dib file that holds the cell's first line.</param>
public sealed record NotebookCell(int Number, string KernelName, string Source, int FirstLine)
{
    /// <summary>True for a C# cell, the only kind the runner executes.</summary>
    public bool IsCode => KernelName == KernelInfo.CSharp.Name;

    /// <summary>True for a markdown cell.</summary>
    public bool IsMarkdown => KernelName == KernelInfo.Markdown.Name;

    /// <summary>The .dib line that holds line <paramref name="lineInCell"/> (1-based) of this cell.</summary>
    public int FileLine(int lineInCell) => FirstLine + lineInCell - 1;
}
