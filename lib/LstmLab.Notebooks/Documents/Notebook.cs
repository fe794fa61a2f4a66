namespace LstmLab.Notebooks.Documents;

/// <summary>A parsed Polyglot notebook (.dib): its kernels and its cells in order.</summary>
/// <param name="Path">The full path of the .dib file.</param>
/// <param name="DefaultKernelName">The kernel of cells before the first <c>#!name</c> line.</param>
/// <param name="Kernels">The kernels declared in <c>#!meta</c> (always including csharp).</param>
/// <param name="Cells">The non-empty cells in file order.</param>
public sealed record Notebook(
    string Path,
    string DefaultKernelName,
    IReadOnlyList<KernelInfo> Kernels,
    IReadOnlyList<NotebookCell> Cells
)
{
    /// <summary>The file name without .dib: names the report and the executed .ipynb.</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>The notebook's folder: the kernel's working directory, and the base of <c>#r</c> paths.</summary>
    public string Folder => System.IO.Path.GetDirectoryName(Path)!;

    /// <summary>The text of the first markdown heading, else the file name.</summary>
    public string Title
    {
        get
        {
            foreach (var cell in Cells.Where(c => c.IsMarkdown))
            foreach (var line in cell.Source.Split('\n'))
                if (line.StartsWith('#'))
                    return line.TrimStart('#').Trim();
            return Name;
        }
    }

    /// <summary>A copy with the source of cell <paramref name="number"/> replaced (its position kept).</summary>
    public Notebook WithCellSource(int number, string source) =>
        this with
        {
            Cells = Cells.Select(c => c.Number == number ? c with { Source = source } : c).ToList(),
        };

    /// <summary>"notebook.dib line 12": how errors point into this file.</summary>
    public string Where(int fileLine) => $"{System.IO.Path.GetFileName(Path)} line {fileLine}";
}
