using System.Text.Json.Nodes;
using LstmLab.Notebooks.Documents;

namespace LstmLab.Tests.Kernel;

/// <summary>
/// What VS Code saves when a student runs a notebook in the real kernel and saves it as .ipynb: every
/// cell in order, each code cell with the kernel's outputs (its stdout, then each shown value in its
/// last updated state, as <c>display_data</c> with every MIME type the kernel sent).
/// </summary>
internal static class KernelNotebook
{
    /// <summary>Writes <paramref name="notebook"/> with the kernel's <paramref name="outputs"/> (by cell number) to <paramref name="path"/>.</summary>
    public static void Write(
        string path,
        Notebook notebook,
        IReadOnlyDictionary<int, KernelSubmission> outputs
    )
    {
        var cells = new JsonArray();
        foreach (var cell in notebook.Cells)
        {
            var source = new JsonArray(cell.Source);
            if (!cell.IsCode)
            {
                cells.Add(
                    new JsonObject
                    {
                        ["cell_type"] = "markdown",
                        ["metadata"] = new JsonObject(),
                        ["source"] = source,
                    }
                );
                continue;
            }
            var shown = new JsonArray();
            if (outputs.TryGetValue(cell.Number, out var submission))
            {
                if (submission.StandardOutput.Length > 0)
                    shown.Add(
                        new JsonObject
                        {
                            ["output_type"] = "stream",
                            ["name"] = "stdout",
                            ["text"] = new JsonArray(submission.StandardOutput),
                        }
                    );
                foreach (var display in submission.Displays)
                {
                    var data = new JsonObject();
                    foreach (var (mime, value) in display.Values)
                        data[mime] = new JsonArray(value);
                    shown.Add(
                        new JsonObject
                        {
                            ["output_type"] = "display_data",
                            ["data"] = data,
                            ["metadata"] = new JsonObject(),
                        }
                    );
                }
            }
            cells.Add(
                new JsonObject
                {
                    ["cell_type"] = "code",
                    ["execution_count"] = null,
                    ["metadata"] = new JsonObject(),
                    ["outputs"] = shown,
                    ["source"] = source,
                }
            );
        }
        var document = new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject
                {
                    ["display_name"] = ".NET (C#)",
                    ["language"] = "C#",
                    ["name"] = ".net-csharp",
                },
                ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        File.WriteAllText(path, document.ToJsonString());
    }
}
