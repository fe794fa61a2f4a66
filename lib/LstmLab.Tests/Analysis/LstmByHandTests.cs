using LstmLab.Analysis;
using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Optimizers;
using LstmLab.Tensors;

namespace LstmLab.Tests.Analysis;

public class LstmByHandTests
{
    [Fact]
    public void Two_steps_by_hand_equal_the_layers_trace()
    {
        var lstm = new Lstm(5, returnSequences: true);
        var model = new Sequential(seed: 8) { new Input(2, 3), lstm };
        model.Compile(new Adam(), new MeanSquaredError());
        var x = new Tensor([0.5f, -1f, 0.25f, 1f, 0.75f, -0.5f], 1, 2, 3);
        model.Predict(x);
        var trace = lstm.Trace();

        float[] h = new float[5],
            c = new float[5];
        for (int t = 0; t < 2; t++)
        {
            var step = LstmByHand.Step(lstm, x.Data.AsSpan(t * 3, 3), h, c);
            float[][] byHand = [step.InputGate, step.ForgetGate, step.Candidate, step.OutputGate];
            for (int gate = 0; gate < 4; gate++)
            {
                var traced = trace.Gate(gate, 0);
                for (int j = 0; j < 5; j++)
                    Assert.Equal(traced[t, j], byHand[gate][j], 5);
            }
            for (int j = 0; j < 5; j++)
            {
                Assert.Equal(trace.CellState(0)[t, j], step.Cell[j], 5);
                Assert.Equal(trace.HiddenState(0)[t, j], step.Hidden[j], 5);
            }
            (h, c) = (step.Hidden, step.Cell);
        }
    }

    [Fact]
    public void Wrong_sizes_are_named()
    {
        var lstm = new Lstm(4);
        var model = new Sequential() { new Input(2, 3), lstm };
        model.Compile(new Adam(), new MeanSquaredError());
        var e = Assert.Throws<ArgumentException>(() =>
            LstmByHand.Step(lstm, new float[2], new float[4], new float[4])
        );
        Assert.Contains("expects x (3)", e.Message);
        Assert.Contains("got x (2)", e.Message);
    }
}
