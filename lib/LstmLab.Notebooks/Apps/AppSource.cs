using LstmLab.Notebooks.Documents;

namespace LstmLab.Notebooks.Apps;

/// <summary>
/// Reads an exported app (<c>lstmlab export</c>) back as a notebook, for its report: each
/// <c>notebook.Cell();</c> line starts a code cell that runs to the next one (or to
/// <c>notebook.End();</c>), and the block of <c>//</c> comment lines right above such a line is the
/// markdown cell before it. The exporter writes the file in exactly that shape.
/// </summary>
internal static class AppSource
{
    /// <summary>The line that starts each code cell.</summary>
    public const string CellLine = "notebook.Cell();";

    /// <summary>The line that ends the last cell and writes the report.</summary>
    public const string EndLine = "notebook.End();";

    /// <summary>The notebook <paramref name="path"/> holds; cell <c>FirstLine</c>s are lines of the .cs file.</summary>
    public static Notebook Read(string path)
    {
        string[] lines = File.ReadAllText(path).Replace("\r\n", "\n").Split('\n');
        var anchors = Enumerable
            .Range(0, lines.Length)
            .Where(i => lines[i].Trim() is CellLine or EndLine)
            .ToList();
        var cells = new List<NotebookCell>();
        for (int a = 0; a < anchors.Count; a++)
        {
            int anchor = anchors[a];
            int commentStart = CommentBlockAbove(lines, anchor);
            if (commentStart < anchor)
                cells.Add(
                    Cell(
                        cells,
                        KernelInfo.Markdown.Name,
                        Markdown(lines, commentStart, anchor),
                        commentStart
                    )
                );
            if (lines[anchor].Trim() == EndLine)
                break;
            int next = a + 1 < anchors.Count ? anchors[a + 1] : lines.Length;
            int end = CommentBlockAbove(lines, next);
            var code = lines[(anchor + 1)..end];
            cells.Add(Cell(cells, KernelInfo.CSharp.Name, Trim(code), anchor + 1));
        }
        return new Notebook(
            Path.GetFullPath(path),
            KernelInfo.CSharp.Name,
            [KernelInfo.CSharp, KernelInfo.Markdown],
            cells
        );
    }

    private static NotebookCell Cell(
        List<NotebookCell> cells,
        string kernel,
        string source,
        int index
    ) => new(cells.Count + 1, kernel, source, index + 1);

    // The first line of the contiguous `//` lines that end right above line `anchor`.
    private static int CommentBlockAbove(string[] lines, int anchor)
    {
        int start = anchor;
        while (start > 0 && lines[start - 1].TrimStart().StartsWith("//", StringComparison.Ordinal))
            start--;
        return start;
    }

    private static string Markdown(string[] lines, int start, int end) =>
        string.Join(
            '\n',
            lines[start..end]
                .Select(l =>
                {
                    string text = l.TrimStart()[2..];
                    return text.StartsWith(' ') ? text[1..] : text;
                })
        );

    private static string Trim(string[] lines)
    {
        int first = Array.FindIndex(lines, l => l.Trim().Length > 0);
        int last = Array.FindLastIndex(lines, l => l.Trim().Length > 0);
        return first < 0 ? "" : string.Join('\n', lines[first..(last + 1)]);
    }
}
