using System.Text.Json;
using LstmLab.Notebooks.Output;

namespace LstmLab.Tests.Notebooks;

public class IpynbWriterTests
{
    private static readonly JsonElement Root = JsonDocument
        .Parse(IpynbWriter.ToJson(SampleRun.Create()))
        .RootElement;

    private static JsonElement Cell(int index) => Root.GetProperty("cells")[index];

    [Fact]
    public void Has_nbformat_4_and_the_polyglot_metadata()
    {
        Assert.Equal(4, Root.GetProperty("nbformat").GetInt32());
        Assert.Equal(5, Root.GetProperty("nbformat_minor").GetInt32());
        var metadata = Root.GetProperty("metadata");
        var kernelspec = metadata.GetProperty("kernelspec");
        Assert.Equal(".net-csharp", kernelspec.GetProperty("name").GetString());
        Assert.Equal(".NET (C#)", kernelspec.GetProperty("display_name").GetString());
        Assert.Equal("C#", kernelspec.GetProperty("language").GetString());
        Assert.Equal(
            "polyglot-notebook",
            metadata.GetProperty("language_info").GetProperty("name").GetString()
        );
        var kernelInfo = metadata.GetProperty("polyglot_notebook").GetProperty("kernelInfo");
        Assert.Equal("csharp", kernelInfo.GetProperty("defaultKernelName").GetString());
        Assert.Equal("csharp", kernelInfo.GetProperty("items")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void Records_the_effective_parameters_and_the_machine()
    {
        var run = Root.GetProperty("metadata").GetProperty("lstmlab");
        var epochs = run.GetProperty("parameters").GetProperty("epochs");

        Assert.Equal("1", epochs.GetProperty("value").GetString());
        Assert.Equal("quick", epochs.GetProperty("origin").GetString());
        Assert.Equal("int", epochs.GetProperty("type").GetString());
        Assert.False(run.GetProperty("succeeded").GetBoolean());
        Assert.Equal(2, run.GetProperty("machine").GetProperty("cores").GetInt32());
        Assert.Equal("256-bit (AVX2)", run.GetProperty("machine").GetProperty("simd").GetString());
    }

    [Fact]
    public void Markdown_and_code_cells_carry_their_kernel_and_source_lines()
    {
        Assert.Equal("markdown", Cell(0).GetProperty("cell_type").GetString());
        Assert.False(Cell(0).TryGetProperty("outputs", out _));
        var code = Cell(2);
        Assert.Equal("code", code.GetProperty("cell_type").GetString());
        Assert.Equal("cell-3", code.GetProperty("id").GetString());
        Assert.Equal(2, code.GetProperty("execution_count").GetInt32());
        var metadata = code.GetProperty("metadata");
        Assert.Equal(
            "csharp",
            metadata.GetProperty("dotnet_interactive").GetProperty("language").GetString()
        );
        Assert.Equal(
            "csharp",
            metadata.GetProperty("polyglot_notebook").GetProperty("kernelName").GetString()
        );
        Assert.Equal(
            ["Console.WriteLine(\"<loss>\");\n", "chart"],
            code.GetProperty("source").EnumerateArray().Select(l => l.GetString())
        );
    }

    [Fact]
    public void Outputs_are_streams_display_data_results_and_errors()
    {
        var outputs = Cell(2).GetProperty("outputs");
        Assert.Equal(
            ["stream", "stream", "display_data", "execute_result"],
            outputs.EnumerateArray().Select(o => o.GetProperty("output_type").GetString())
        );
        Assert.Equal("stdout", outputs[0].GetProperty("name").GetString());
        Assert.Equal(
            ["epoch 1: loss 0.5\n", "epoch 2: loss 0.25\n"],
            outputs[0].GetProperty("text").EnumerateArray().Select(l => l.GetString())
        );
        Assert.Equal("stderr", outputs[1].GetProperty("name").GetString());
        var data = outputs[2].GetProperty("data");
        string html = string.Concat(
            data.GetProperty("text/html").EnumerateArray().Select(l => l.GetString())
        );
        // The first output that draws a chart carries plotly.js, as plotly.py's notebook mode does.
        Assert.StartsWith("<script type=\"text/javascript\" data-lstmlab-plotly=\"4.1.2\">", html);
        Assert.EndsWith(
            "</script><div id=\"c\"></div><script>Plotly.newPlot('c', [])</script>",
            html
        );
        Assert.Equal("Figure", data.GetProperty("text/plain")[0].GetString());
        Assert.Equal(2, outputs[3].GetProperty("execution_count").GetInt32());

        var error = Cell(3).GetProperty("outputs")[0];
        Assert.Equal("error", error.GetProperty("output_type").GetString());
        Assert.Equal("System.Exception", error.GetProperty("ename").GetString());
        Assert.Equal(
            "boom (at cell 4, line 1 (airline.dib line 22))",
            error.GetProperty("evalue").GetString()
        );
        Assert.Equal("System.Exception: boom", error.GetProperty("traceback")[0].GetString());
    }

    [Fact]
    public void A_cell_not_run_has_no_execution_count_and_no_outputs()
    {
        Assert.Equal(JsonValueKind.Null, Cell(4).GetProperty("execution_count").ValueKind);
        Assert.Equal(0, Cell(4).GetProperty("outputs").GetArrayLength());
        Assert.Equal(
            "notrun",
            Cell(4).GetProperty("metadata").GetProperty("lstmlab").GetProperty("status").GetString()
        );
    }

    [Fact]
    public void Writes_the_file_atomically()
    {
        using var temp = new TempFolder();
        string folder = temp.Path;
        string path = Path.Combine(folder, "sub", "airline.ipynb");

        IpynbWriter.Write(SampleRun.Create(), path);
        IpynbWriter.Write(SampleRun.Create(), path);

        Assert.Equal(IpynbWriter.ToJson(SampleRun.Create()), File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
    }
}
