using LstmLab.Notebooks.Execution;
using LstmLab.Notebooks.Output;
using LstmLab.Training;

namespace LstmLab.Tests.Notebooks;

/// <summary>Training a cell interrupts itself stops after a batch, saves a checkpoint beside the report, and the report is still written.</summary>
[Collection(NotebookRuns.Name)]
public class InterruptTests
{
    [Fact]
    public async Task An_interrupted_fit_saves_a_checkpoint_and_the_run_ends_with_exit_2_and_a_report()
    {
        using var temp = new TempFolder();
        var prepared = NotebookJob.Prepare(
            new RunRequest(Fixtures.PathOf("interrupted.dib"))
            {
                HtmlPath = Path.Combine(temp.Path, "interrupted.html"),
                IpynbPath = Path.Combine(temp.Path, "interrupted.ipynb"),
            }
        );

        var outcome = await NotebookJob.RunAsync(
            prepared,
            new RunOptions(),
            report: new HtmlReport(() => "")
        );

        Assert.Equal(NotebookJob.CellFailed, outcome.ExitCode);
        var error = Assert.IsType<ErrorOutput>(
            outcome.Result.Cells.First(c => c.Status == CellStatus.Failed).Outputs[^1]
        );
        Assert.Equal(typeof(TrainingInterruptedException).FullName, error.TypeName);
        Assert.Contains("after batch 3/10 of epoch 1", error.Message);
        Assert.Equal(
            Path.Combine(temp.Path, "interrupted.checkpoint.safetensors"),
            prepared.CheckpointPath
        );
        Assert.True(File.Exists(prepared.CheckpointPath));
        Assert.Contains("TrainingInterruptedException", File.ReadAllText(outcome.HtmlPath));
    }
}
