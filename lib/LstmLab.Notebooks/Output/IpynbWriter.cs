using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Execution;

namespace LstmLab.Notebooks.Output;

/// <summary>
/// Writes a run as an executed Jupyter notebook (nbformat 4.5) with the metadata Polyglot Notebooks
/// writes (kernelspec <c>.net-csharp</c>, <c>polyglot_notebook.kernelInfo</c>, each code cell's
/// <c>dotnet_interactive</c> and <c>polyglot_notebook</c> language), so VS Code opens it with the C#
/// kernel and GitHub shows its outputs. The run's parameters and machine go under <c>metadata.lstmlab</c>.
/// As plotly.py does, the first output that draws a chart carries plotly.js (once in the file), so
/// charts show offline; with <see cref="ChartPictures"/>, each chart also carries its PNG (image/png,
/// and inside its HTML until plotly.js draws) for viewers that run no JavaScript.
/// </summary>
public static class IpynbWriter
{
    private static readonly JsonWriterOptions Indented = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the .ipynb atomically to <paramref name="path"/>.</summary>
    public static void Write(RunResult run, string path, ChartPictures? pictures = null) =>
        AtomicFile.WriteAllText(path, ToJson(run, pictures));

    /// <summary>The notebook's JSON text, with the charts' pictures when given.</summary>
    public static string ToJson(RunResult run, ChartPictures? pictures = null)
    {
        run = run with { Cells = PlotlyOutputs.WithoutBundles(run.Cells) };
        var charts = new ChartOutputs(run, pictures);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, Indented))
        {
            json.WriteStartObject();
            json.WriteStartArray("cells");
            int executionCount = 0;
            foreach (var cell in run.Cells)
                WriteCell(
                    json,
                    charts,
                    cell,
                    cell.Cell.IsCode && cell.Status != CellStatus.NotRun ? ++executionCount : null
                );
            json.WriteEndArray();
            WriteMetadata(json, run, charts);
            json.WriteNumber("nbformat", 4);
            json.WriteNumber("nbformat_minor", 5);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteMetadata(Utf8JsonWriter json, RunResult run, ChartOutputs charts)
    {
        json.WriteStartObject("metadata");
        json.WriteStartObject("kernelspec");
        json.WriteString("display_name", ".NET (C#)");
        json.WriteString("language", "C#");
        json.WriteString("name", ".net-csharp");
        json.WriteEndObject();
        json.WriteStartObject("language_info");
        json.WriteString("name", "polyglot-notebook");
        json.WriteEndObject();
        json.WriteStartObject("polyglot_notebook");
        json.WriteStartObject("kernelInfo");
        json.WriteString("defaultKernelName", "csharp");
        json.WriteStartArray("items");
        foreach (var kernel in run.Notebook.Kernels)
        {
            json.WriteStartObject();
            json.WriteStartArray("aliases");
            foreach (var alias in kernel.Aliases)
                json.WriteStringValue(alias);
            json.WriteEndArray();
            if (kernel.LanguageName is not null)
                json.WriteString("languageName", kernel.LanguageName);
            json.WriteString("name", kernel.Name);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        WriteRun(json, run, charts);
        json.WriteEndObject();
    }

    private static void WriteRun(Utf8JsonWriter json, RunResult run, ChartOutputs charts)
    {
        json.WriteStartObject("lstmlab");
        json.WriteString("notebook", Path.GetFileName(run.Notebook.Path));
        json.WriteString("started", run.Started.ToString("O"));
        json.WriteNumber("elapsed_seconds", Math.Round(run.Elapsed.TotalSeconds, 3));
        json.WriteBoolean("succeeded", run.Succeeded);
        json.WriteBoolean("in_progress", run.InProgress);
        json.WriteStartObject("parameters");
        foreach (var value in run.Parameters)
        {
            json.WriteStartObject(value.Parameter.Name);
            json.WriteString("type", value.Parameter.Type.ToString().ToLowerInvariant());
            json.WriteString("value", value.Literal);
            json.WriteString("origin", value.OriginText);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteStartObject("machine");
        json.WriteString("os", run.Machine.OperatingSystem);
        json.WriteNumber("cores", run.Machine.Cores);
        json.WriteString("dotnet", run.Machine.DotNet);
        json.WriteString("cpu", run.Machine.Cpu);
        json.WriteString("simd", run.Machine.Vectors);
        json.WriteString("library", run.Machine.LibraryVersion);
        json.WriteEndObject();
        json.WriteStartObject("charts");
        json.WriteNumber("count", charts.Count);
        json.WriteNumber("pictures", charts.Pictures);
        foreach (var (name, problem) in charts.Problems)
            json.WriteString(name, problem);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteCell(
        Utf8JsonWriter json,
        ChartOutputs charts,
        CellResult result,
        int? executionCount
    )
    {
        var cell = result.Cell;
        json.WriteStartObject();
        json.WriteString("cell_type", cell.IsCode ? "code" : "markdown");
        if (cell.IsCode)
        {
            if (executionCount is { } count)
                json.WriteNumber("execution_count", count);
            else
                json.WriteNull("execution_count");
        }
        json.WriteString("id", $"cell-{cell.Number}");
        json.WriteStartObject("metadata");
        if (cell.IsCode)
        {
            json.WriteStartObject("dotnet_interactive");
            json.WriteString("language", "csharp");
            json.WriteEndObject();
            json.WriteStartObject("polyglot_notebook");
            json.WriteString("kernelName", "csharp");
            json.WriteEndObject();
            json.WriteStartObject("lstmlab");
            json.WriteString("status", result.Status.ToString().ToLowerInvariant());
            json.WriteNumber("elapsed_seconds", Math.Round(result.Elapsed.TotalSeconds, 3));
            json.WriteEndObject();
        }
        json.WriteEndObject();
        if (cell.IsCode)
        {
            json.WriteStartArray("outputs");
            foreach (var output in result.Outputs)
                WriteOutput(json, charts, output, executionCount);
            json.WriteEndArray();
        }
        WriteLines(json, "source", cell.Source);
        json.WriteEndObject();
    }

    private static void WriteOutput(
        Utf8JsonWriter json,
        ChartOutputs charts,
        CellOutput output,
        int? executionCount
    )
    {
        json.WriteStartObject();
        switch (output)
        {
            case StreamOutput stream:
                json.WriteString("name", stream.Name);
                json.WriteString("output_type", "stream");
                WriteLines(json, "text", stream.Text);
                break;
            case WarningOutput warning:
                json.WriteString("name", "stderr");
                json.WriteString("output_type", "stream");
                WriteLines(json, "text", $"warning: {warning.Message}\n");
                break;
            case DisplayOutput display:
                json.WriteStartObject("data");
                var (html, png) = charts.Shown(display);
                if (html is not null)
                    WriteLines(json, "text/html", html);
                if (png is not null)
                    json.WriteString("image/png", png);
                WriteLines(json, "text/plain", display.Value.PlainText);
                json.WriteEndObject();
                if (display.IsResult)
                {
                    if (executionCount is { } count)
                        json.WriteNumber("execution_count", count);
                    else
                        json.WriteNull("execution_count");
                }
                json.WriteStartObject("metadata");
                json.WriteEndObject();
                json.WriteString(
                    "output_type",
                    display.IsResult ? "execute_result" : "display_data"
                );
                break;
            case ErrorOutput error:
                json.WriteString("ename", error.TypeName);
                json.WriteString(
                    "evalue",
                    error.Location is null
                        ? error.Message
                        : $"{error.Message} (at {error.Location})"
                );
                json.WriteString("output_type", "error");
                json.WriteStartArray("traceback");
                json.WriteStringValue(error.Headline);
                if (error.Location is not null)
                    json.WriteStringValue($"   at {error.Location}");
                foreach (var line in error.Trace.Skip(1))
                    json.WriteStringValue(line);
                json.WriteEndArray();
                break;
        }
        json.WriteEndObject();
    }

    // Jupyter stores multi-line text as a list of lines, each but the last ending in "\n".
    private static void WriteLines(Utf8JsonWriter json, string name, string text)
    {
        json.WriteStartArray(name);
        int start = 0;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            json.WriteStringValue(text[start..end]);
            start = end;
        }
        json.WriteEndArray();
    }
}
