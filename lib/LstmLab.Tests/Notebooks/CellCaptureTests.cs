using LstmLab.Notebooks.Execution;
using LstmLab.Notebooks.Formatting;

namespace LstmLab.Tests.Notebooks;

public class CellCaptureTests
{
    [Fact]
    public void A_line_rewritten_with_carriage_returns_keeps_its_last_state()
    {
        var capture = new CellCapture();
        for (int epoch = 1; epoch <= 2; epoch++)
        {
            for (int batch = 0; batch <= 500; batch++)
                capture.Write("stdout", $"\repoch {epoch}: {batch}/500");
            capture.Write("stdout", "\n");
        }
        capture.Write("stdout", "done\r");
        capture.Write("stdout", "\n");

        var output = Assert.IsType<StreamOutput>(Assert.Single(capture.Snapshot()));
        Assert.Equal("epoch 1: 500/500\nepoch 2: 500/500\ndone\n", output.Text);
    }

    [Fact]
    public void Outputs_keep_their_order_and_streams_stay_apart()
    {
        var capture = new CellCapture();
        capture.Write("stdout", "a\n");
        capture.Write("stdout", "b\n");
        capture.Write("stderr", "oops\n");
        int shown = capture.Add(new DisplayOutput(FormattedValue.Text("1"), IsResult: false));
        capture.Write("stdout", "c");
        capture.Replace(shown, FormattedValue.Text("2"));

        Assert.Equal(
            [
                new StreamOutput("stdout", "a\nb\n"),
                new StreamOutput("stderr", "oops\n"),
                new DisplayOutput(FormattedValue.Text("2"), IsResult: false),
                new StreamOutput("stdout", "c"),
            ],
            capture.Snapshot()
        );
    }

    [Fact]
    public void Reports_the_current_line_as_it_changes()
    {
        var lines = new List<string>();
        var capture = new CellCapture(lines.Add);

        capture.Write("stdout", "epoch 1\n");
        capture.Write("stdout", "\repoch 2: 10%");

        Assert.Equal(["epoch 1", "epoch 2: 10%"], lines);
    }

    [Fact]
    public void While_a_new_line_is_empty_the_current_line_is_the_last_one_with_text()
    {
        var lines = new List<string>();
        var capture = new CellCapture(lines.Add);

        capture.Write("stdout", "loss 0.5\n");
        capture.Write("stdout", "\n");
        capture.Write("stdout", "\r");
        capture.Write("stdout", "a");
        capture.Write("stdout", "\n\n");

        Assert.Equal(["loss 0.5", "loss 0.5", "loss 0.5", "a", "a"], lines);
    }
}
