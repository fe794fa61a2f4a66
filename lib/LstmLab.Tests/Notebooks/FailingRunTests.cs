using System.Text.Json;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Execution;
using LstmLab.Notebooks.Output;

namespace LstmLab.Tests.Notebooks;

[Collection(NotebookRuns.Name)]
public class FailingRunTests
{
    private static Task<RunResult> Run(string dib, RunOptions? options = null) =>
        new NotebookRunner(options).RunAsync(
            DibParser.Parse(dib, Fixtures.PathOf("inline.dib")),
            []
        );

    [Fact]
    public async Task A_throwing_cell_stops_the_run_exits_2_and_both_files_show_the_error()
    {
        using var temp = new TempFolder();
        string folder = temp.Path;
        var prepared = NotebookJob.Prepare(
            new RunRequest(Fixtures.PathOf("fails.dib"))
            {
                HtmlPath = Path.Combine(folder, "fails.html"),
                IpynbPath = Path.Combine(folder, "fails.ipynb"),
            }
        );

        var outcome = await NotebookJob.RunAsync(
            prepared,
            new RunOptions(),
            report: new HtmlReport(() => "")
        );

        Assert.Equal(NotebookJob.CellFailed, outcome.ExitCode);
        Assert.Equal(
            [CellStatus.Ok, CellStatus.Ok, CellStatus.Failed, CellStatus.NotRun],
            outcome.Result.Cells.Select(c => c.Status)
        );
        var error = Assert.IsType<ErrorOutput>(outcome.Result.Cells[2].Outputs[^1]);
        Assert.Equal("System.DivideByZeroException", error.TypeName);
        Assert.Equal("Attempted to divide by zero.", error.Message);
        Assert.Equal(
            "cell 2, line 1 (fails.dib line 7), called from cell 3, line 3 (fails.dib line 14)",
            error.Location
        );
        Assert.Equal(
            new StreamOutput("stdout", "about to fail\n"),
            outcome.Result.Cells[2].Outputs[0]
        );

        string html = File.ReadAllText(outcome.HtmlPath);
        Assert.Contains("<p class=\"ename\">System.DivideByZeroException</p>", html);
        Assert.Contains("Console.WriteLine(&quot;never runs&quot;);", html);
        using var ipynb = JsonDocument.Parse(File.ReadAllText(outcome.IpynbPath));
        var output = ipynb.RootElement.GetProperty("cells")[2].GetProperty("outputs")[1];
        Assert.Equal("System.DivideByZeroException", output.GetProperty("ename").GetString());
    }

    [Fact]
    public async Task A_compilation_error_names_the_cell_line_and_the_compiler_message()
    {
        var result = await Run("#!csharp\nvar a = 1;\n\n#!csharp\n\nvar b = a +;\n");

        var error = Assert.IsType<ErrorOutput>(Assert.Single(result.Cells[1].Outputs));
        Assert.Equal("CompilationError", error.TypeName);
        Assert.Equal("cell 2, line 1 (inline.dib line 6)", error.Location);
        Assert.StartsWith("line 1: CS1525: Invalid expression term ';'", error.Message);
    }

    [Fact]
    public async Task A_cell_that_never_returns_fails_after_the_cell_timeout()
    {
        var result = await Run(
            "#!csharp\nConsole.WriteLine(\"waiting\");\nSystem.Threading.Thread.Sleep(System.Threading.Timeout.Infinite);\n\n#!csharp\n1",
            new RunOptions { CellTimeout = TimeSpan.FromSeconds(0.5) }
        );

        Assert.Equal([CellStatus.Failed, CellStatus.NotRun], result.Cells.Select(c => c.Status));
        Assert.Equal(new StreamOutput("stdout", "waiting\n"), result.Cells[0].Outputs[0]);
        var error = Assert.IsType<ErrorOutput>(result.Cells[0].Outputs[1]);
        Assert.Equal("System.TimeoutException", error.TypeName);
        Assert.Equal(
            "cell 1 did not finish within 0.5 s (--cell-timeout); the run was stopped.",
            error.Message
        );
    }

    [Fact]
    public async Task Magic_commands_are_reported_and_skipped()
    {
        var result = await new NotebookRunner().RunAsync(Fixtures.Load("magics.dib"), []);

        var first = result.Cells[0].Outputs;
        Assert.Equal(
            "cell 1, line 1 (magics.dib line 3): lstmlab does not run the magic command '#!time'; it was skipped "
                + "(the .NET Interactive kernel runs it).",
            Assert.IsType<WarningOutput>(first[0]).Message
        );
        Assert.Equal(new StreamOutput("stdout", "ran\n"), first[1]);
        Assert.Equal(CellStatus.Ok, result.Cells[0].Status);
    }

    [Fact]
    public async Task A_reference_to_a_missing_dll_fails_before_any_cell_runs()
    {
        var e = await Assert.ThrowsAsync<NotebookException>(() =>
            new NotebookRunner().RunAsync(Fixtures.Load("missing-reference.dib"), [])
        );

        string expected = Path.GetFullPath(
            Path.Combine(Fixtures.Folder, "../../not-built/LstmLab.dll")
        );
        Assert.Equal(
            $"cell 1, line 1 (missing-reference.dib line 3): #r \"../../not-built/LstmLab.dll\" names {expected}, "
                + "which does not exist (paths are relative to the notebook's folder). "
                + "Build the library once with: dotnet build -c Release lib/LstmLab",
            e.Message
        );
        var prepare = Assert.Throws<NotebookException>(() =>
            NotebookJob.Prepare(new RunRequest(Fixtures.PathOf("missing-reference.dib")))
        );
        Assert.Equal(e.Message, prepare.Message);
    }

    [Fact]
    public void Default_outputs_go_to_the_checkouts_out_folder()
    {
        var notebook = Fixtures.Load("fails.dib");
        string checkout = Checkout.Find(AppContext.BaseDirectory)!;

        Assert.Equal(
            Path.Combine(checkout, "out", "fails.html"),
            NotebookJob.DefaultOutput(notebook, ".html")
        );
    }
}
