using LstmLab.Display;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Execution;
using LstmLab.Notebooks.Formatting;
using LstmLab.Notebooks.Parameters;

namespace LstmLab.Tests.Notebooks;

/// <summary>Runs basics.dib once (quick, units set to 64) for all the tests of <see cref="NotebookRunnerTests"/>.</summary>
public sealed class BasicsRun : IAsyncLifetime
{
    /// <summary>Every value the cells displayed or returned, unformatted.</summary>
    public List<object?> Values { get; } = [];

    public RunResult Result { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var (notebook, values) = ParameterBinding.Apply(
            Fixtures.Load("basics.dib"),
            new Dictionary<string, string> { ["units"] = "64" },
            quick: true
        );
        var options = new RunOptions { Formatter = new Recording(Values) };
        Result = await new NotebookRunner(options).RunAsync(notebook, values);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private sealed class Recording(List<object?> values) : IOutputFormatter
    {
        private readonly KernelConventionFormatter inner = new();

        public FormattedValue Format(object? value)
        {
            values.Add(value);
            return inner.Format(value);
        }
    }
}

[Collection(NotebookRuns.Name)]
public class NotebookRunnerTests(BasicsRun basics) : IClassFixture<BasicsRun>
{
    private IReadOnlyList<CellOutput> OutputsOf(int cell) => basics.Result.Cells[cell - 1].Outputs;

    [Fact]
    public void Every_cell_runs_in_one_script_state()
    {
        Assert.True(basics.Result.Succeeded);
        Assert.All(basics.Result.Cells, c => Assert.Equal(CellStatus.Ok, c.Status));
        // cell 6 reads `epochs` that the parameters cell (3) declared
        Assert.Equal(
            new DisplayOutput(FormattedValue.Text("4"), IsResult: true),
            Assert.Single(OutputsOf(6))
        );
    }

    [Fact]
    public void Console_text_is_captured_with_progress_lines_collapsed()
    {
        Assert.Equal(
            [
                new StreamOutput(
                    "stdout",
                    "epochs=2 units=64 rate=0.25 verbose=False series=tiny\n"
                        + "epoch 1: batch 10/10\nepoch 2: batch 10/10\nepoch 3: batch 10/10\n"
                ),
                new StreamOutput("stderr", "a warning on stderr\n"),
            ],
            OutputsOf(4)
        );
    }

    [Fact]
    public void Display_and_the_trailing_expression_are_formatted_in_order()
    {
        var outputs = OutputsOf(5).Cast<DisplayOutput>().ToList();

        Assert.Equal(5, outputs.Count);
        Assert.Contains("<div class=\"chart\">units</div>", outputs[0].Value.Html);
        Assert.Equal(FormattedValue.Text("plain text"), outputs[1].Value);
        Assert.Equal("2", outputs[2].Value.PlainText); // display(1) then Update(2)
        Assert.Equal(FormattedValue.Text("extension"), outputs[3].Value); // the kernel's x.Display()
        Assert.Equal([false, false, false, false, true], outputs.Select(o => o.IsResult));
    }

    [Fact]
    public void The_scripts_LstmLab_is_the_runners_LstmLab()
    {
        // The chart class of cell 5 implements IHtmlRenderable of the LstmLab.dll the cell's #r names:
        // it is this test's IHtmlRenderable only if the runner bound the #r to the loaded assembly.
        Assert.Contains(basics.Values, v => v is IHtmlRenderable);
        var location = Assert.IsType<DisplayOutput>(OutputsOf(5)[^1]).Value.PlainText;
        Assert.Equal(typeof(IHtmlRenderable).Assembly.Location, location);
    }

    [Fact]
    public void Cells_run_in_the_notebooks_folder()
    {
        var folder = Assert.IsType<DisplayOutput>(Assert.Single(OutputsOf(7)));

        Assert.Equal(Fixtures.Folder, folder.Value.PlainText);
        Assert.NotEqual(Fixtures.Folder, Environment.CurrentDirectory);
    }

    [Fact]
    public void Markdown_cells_take_no_time_and_have_no_outputs()
    {
        var markdown = basics.Result.Cells[0];

        Assert.True(markdown.Cell.IsMarkdown);
        Assert.Empty(markdown.Outputs);
        Assert.Equal(5, basics.Result.Parameters.Count);
    }
}
