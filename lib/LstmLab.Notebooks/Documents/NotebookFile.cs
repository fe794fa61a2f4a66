namespace LstmLab.Notebooks.Documents;

/// <summary>
/// Says in one line why a path is not a notebook lstmlab can run — missing, a folder, a Jupyter
/// .ipynb, another kind of file, a binary — before the parser would report its content as errors.
/// </summary>
internal static class NotebookFile
{
    private const int SniffedBytes = 8192;

    /// <summary>Throws <see cref="NotebookException"/> unless <paramref name="full"/> is a .dib text file.</summary>
    public static void Check(string full)
    {
        if (Directory.Exists(full))
            throw new NotebookException(
                $"{full} is a folder, not a notebook: give a .dib file in it (lstmlab list shows the notebooks)."
            );
        if (!File.Exists(full))
            throw new NotebookException($"Notebook not found: {full}");
        string extension = Path.GetExtension(full);
        if (extension.Equals(".ipynb", StringComparison.OrdinalIgnoreCase))
            throw new NotebookException(
                $"{full} is a Jupyter notebook (.ipynb); lstmlab runs Polyglot .dib notebooks. Run it in VS Code "
                    + "with Polyglot Notebooks, or copy its cells into a .dib file (a '#!csharp' line before each C# cell)."
            );
        if (!extension.Equals(".dib", StringComparison.OrdinalIgnoreCase))
            throw new NotebookException(
                $"{full} is not a Polyglot notebook: lstmlab runs .dib files, and this one is "
                    + (
                        extension.Length == 0
                            ? "a file without an extension."
                            : $"a '{extension}' file."
                    )
            );
        if (IsBinary(full))
            throw new NotebookException(
                $"{full} is not a text file (it holds NUL bytes), so not a .dib notebook."
            );
    }

    private static bool IsBinary(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[SniffedBytes];
        int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Array.IndexOf(head, (byte)0, 0, read) >= 0;
    }
}
