using LstmLab.Layers;
using LstmLab.Models;
using LstmLab.Notebooks.Execution;

namespace LstmLab.Tests.Notebooks;

[Collection(NotebookRuns.Name)]
public class TrainingViewTests
{
    [Fact]
    public async Task Fit_in_a_cell_shows_one_view_updated_in_place_and_no_console_lines()
    {
        var lines = new Lines();

        var result = await new NotebookRunner().RunAsync(Fixtures.Load("training.dib"), [], lines);

        Assert.True(result.Succeeded);
        var outputs = result.Cells[^1].Outputs;
        // The fit's view keeps its final state; the console has only the cell's own line.
        var view = Assert.Single(
            outputs.OfType<DisplayOutput>(),
            d => d.Value.Html?.Contains("lstmlab-training") == true
        );
        Assert.Contains("<b>Epoch 3/3</b> · batch 3/3", view.Value.Html);
        Assert.Contains("loss per epoch", view.Value.Html);
        Assert.StartsWith("Epoch 3/3  3/3 [========================]  loss ", view.Value.PlainText);
        Assert.Contains("val_loss", view.Value.PlainText);
        Assert.Equal(
            new StreamOutput("stdout", "trained\n"),
            Assert.Single(outputs.OfType<StreamOutput>())
        );
        // lstmlab run's progress line shows the view's line as it changes.
        Assert.Contains(lines.Seen, l => l.StartsWith("Epoch 3/3  3/3", StringComparison.Ordinal));
    }

    [Fact]
    public void Fit_outside_a_notebook_keeps_the_console_line()
    {
        var model = new Sequential(seed: 1) { new Input(2, 1), new Lstm(2), new Dense(1) };
        model.Compile(new LstmLab.Optimizers.Sgd(0.1), new LstmLab.Losses.MeanSquaredError());
        var console = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(console);
        try
        {
            model.Fit(
                new LstmLab.Tensors.Tensor(4, 2, 1),
                new LstmLab.Tensors.Tensor(4, 1),
                epochs: 2,
                batchSize: 2
            );
        }
        finally
        {
            Console.SetOut(previous);
        }

        string[] epochs = console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, epochs.Length);
        // Each epoch's line is redrawn with '\r'; its last state has every batch.
        Assert.StartsWith("Epoch 1/2  2/2 [", epochs[0].Split('\r')[^1]);
        Assert.StartsWith("Epoch 2/2  2/2 [", epochs[1].Split('\r')[^1]);
    }

    private sealed class Lines : RunObserver
    {
        public List<string> Seen { get; } = [];

        public override void ConsoleLine(string line) => Seen.Add(line);
    }
}
