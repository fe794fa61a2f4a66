using System.Text;
using System.Text.Json;
using LstmLab.Notebooks.Documents;

namespace LstmLab.Notebooks.Output;

/// <summary>
/// Checks, before anything runs, that the report and the executed .ipynb will not replace what the
/// user cares about: the notebook itself, each other, or an existing file lstmlab did not write.
/// lstmlab's own files are recognised by their mark: <see cref="HtmlReport.Generator"/> in a
/// report's head, <c>metadata.lstmlab</c> in an .ipynb.
/// </summary>
public static class OutputPaths
{
    // A report's head, where its mark is, comes before the embedded plotly.js.
    private const int HeadChars = 4096;

    // Reports written before the mark existed carry this title ending.
    private const string OldReportTitle = " · LSTM Lab run</title>";

    /// <summary>Throws <see cref="NotebookException"/> naming both paths when an output would overwrite something it must not.</summary>
    public static void Check(string notebookPath, string htmlPath, string ipynbPath)
    {
        foreach (var (option, path) in new[] { ("--html", htmlPath), ("--ipynb", ipynbPath) })
            if (Same(path, notebookPath))
                throw new NotebookException(
                    $"{option} {path} is the notebook itself ({notebookPath}): writing it would replace the notebook. Give the output another path."
                );
        if (Same(htmlPath, ipynbPath))
            throw new NotebookException(
                $"--html {htmlPath} and --ipynb {ipynbPath} are the same file: one output would overwrite the other. Give each its own path."
            );
        CheckExisting("--html", htmlPath, ".html", IsReport, "an HTML report", notebookPath);
        CheckExisting(
            "--ipynb",
            ipynbPath,
            ".ipynb",
            IsExecutedNotebook,
            "an executed notebook",
            notebookPath
        );
    }

    private static void CheckExisting(
        string option,
        string path,
        string extension,
        Func<string, bool> isOurs,
        string kind,
        string notebookPath
    )
    {
        if (Directory.Exists(path))
            throw new NotebookException(
                $"{option} {path} is a folder; give a file path, e.g. {Path.Combine(path, Path.GetFileNameWithoutExtension(notebookPath) + extension)}."
            );
        if (File.Exists(path) && !isOurs(path))
            throw new NotebookException(
                $"{option} {path} exists and is not {kind} written by lstmlab, so it was left alone "
                    + $"(running {notebookPath} would replace it). Give another path, or delete the file first if it may go."
            );
    }

    private static bool Same(string a, string b) =>
        string.Equals(Resolve(a), Resolve(b), PathComparison);

    private static string Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        return File.Exists(full)
            ? File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full
            : full;
    }

    private static StringComparison PathComparison =>
        OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    private static bool IsReport(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var head = new char[HeadChars];
        string text = new(head, 0, reader.ReadBlock(head, 0, head.Length));
        return text.Contains(HtmlReport.Generator, StringComparison.Ordinal)
            || text.Contains(OldReportTitle, StringComparison.Ordinal);
    }

    private static bool IsExecutedNotebook(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var json = JsonDocument.Parse(stream);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("metadata", out var metadata)
                && metadata.ValueKind == JsonValueKind.Object
                && metadata.TryGetProperty("lstmlab", out var ours)
                && ours.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
