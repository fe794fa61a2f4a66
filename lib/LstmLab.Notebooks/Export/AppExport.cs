using System.Diagnostics;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Output;

namespace LstmLab.Notebooks.Export;

/// <summary>
/// <c>lstmlab export</c>: a notebook to a file-based app on disk, formatted by the checkout's
/// csharpier (<c>dotnet csharpier format</c>, from the tool manifest) and written atomically. It never
/// overwrites the notebook or a file that is not an app it exported.
/// </summary>
public static class AppExport
{
    /// <summary>
    /// Exports <paramref name="notebookPath"/> to <paramref name="outputPath"/> (default: beside the
    /// notebook, NAME.cs); returns the path written. Throws <see cref="NotebookException"/> when the
    /// notebook cannot be exported or the output path would overwrite something else.
    /// </summary>
    public static string Write(string notebookPath, string? outputPath = null)
    {
        var notebook = DibParser.Load(notebookPath);
        string output = Path.GetFullPath(outputPath ?? Path.ChangeExtension(notebook.Path, ".cs"));
        CheckOutput(notebook, output);
        string text = Format(AppExporter.Export(notebook, output), notebook.Folder);
        AtomicFile.WriteAllText(output, text);
        return output;
    }

    /// <summary>Exports every .dib of <paramref name="notebooksFolder"/> into <paramref name="outputFolder"/>.</summary>
    public static IReadOnlyList<string> WriteAll(string notebooksFolder, string outputFolder) =>
        Directory
            .GetFiles(notebooksFolder, "*.dib")
            .Order(StringComparer.Ordinal)
            .Select(dib =>
                Write(
                    dib,
                    Path.Combine(outputFolder, Path.GetFileNameWithoutExtension(dib) + ".cs")
                )
            )
            .ToList();

    private static void CheckOutput(Notebook notebook, string output)
    {
        if (Path.GetExtension(output) != ".cs")
            throw new NotebookException(
                $"--out {output}: a file-based app is a .cs file; name one ending in .cs."
            );
        if (File.Exists(output) && !File.ReadLines(output).Take(20).Any(IsHeader))
            throw new NotebookException(
                $"--out {output} exists and is not an app lstmlab exported; it was left as it is. Name another file, or delete it first."
            );
        if (output == notebook.Path)
            throw new NotebookException($"--out {output} is the notebook itself.");
    }

    private static bool IsHeader(string line) =>
        line.StartsWith("// ", StringComparison.Ordinal)
        && line.Contains("as a .NET file-based app (lstmlab export)", StringComparison.Ordinal);

    // csharpier formats a copy in a folder of its own; without the tool the text stays as written.
    private static string Format(string text, string notebookFolder)
    {
        string checkout = Checkout.Find(notebookFolder) ?? notebookFolder;
        string folder = Directory.CreateTempSubdirectory("lstmlab-export-").FullName;
        try
        {
            string file = Path.Combine(folder, "app.cs");
            File.WriteAllText(file, text);
            var start = new ProcessStartInfo("dotnet", ["csharpier", "format", file])
            {
                WorkingDirectory = checkout,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new NotebookException(
                    $"csharpier could not format the exported app (run 'dotnet tool restore' in {checkout}): {error.Result.Trim()}"
                );
            return File.ReadAllText(file);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
