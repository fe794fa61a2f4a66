using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Optimizers;
using LstmLab.Tensors;

namespace LstmLab.Tests.Engine;

/// <summary>Stateful layers carry their state between calls; sequences may have any number of steps.</summary>
public class StatefulTests
{
    [Fact]
    public void Feeding_one_step_at_a_time_to_a_stateful_model_equals_feeding_the_whole_sequence()
    {
        var random = new Random(1);
        var x = new Tensor(
            [.. Enumerable.Range(0, 2 * 5 * 3).Select(_ => (float)random.NextDouble())],
            2,
            5,
            3
        );
        Sequential Create(bool stateful) =>
            new(seed: 3)
            {
                new Input(0, 3),
                new Lstm(4, returnSequences: true, stateful: stateful),
                new Lstm(4, returnSequences: true, stateful: stateful),
                new Dense(2),
            };

        var whole = Create(stateful: false);
        whole.Compile(new Adam(), new MeanSquaredError());
        var expected = whole.Predict(x);
        Assert.Equal([2, 5, 2], expected.Shape);

        var stepwise = Create(stateful: true);
        stepwise.Compile(new Adam(), new MeanSquaredError());
        for (int t = 0; t < 5; t++)
        {
            var step = new Tensor(2, 1, 3);
            for (int b = 0; b < 2; b++)
            for (int f = 0; f < 3; f++)
                step[b, 0, f] = x[b, t, f];
            var y = stepwise.Predict(step);
            for (int b = 0; b < 2; b++)
            for (int o = 0; o < 2; o++)
                Assert.Equal(expected[b, t, o], y[b, 0, o], 5);
        }

        stepwise.ResetStates();
        var first = new Tensor(2, 1, 3);
        for (int b = 0; b < 2; b++)
        for (int f = 0; f < 3; f++)
            first[b, 0, f] = x[b, 0, f];
        Assert.Equal(expected[0, 0, 0], stepwise.Predict(first)[0, 0, 0], 5);
    }

    [Fact]
    public void Gradients_with_respect_to_the_inputs_reach_back_through_every_step()
    {
        var model = new Sequential(seed: 2) { new Input(6, 2), new Lstm(5), new Dense(1) };
        model.Compile(new Adam(), new MeanSquaredError());
        var x = new Tensor([.. Enumerable.Range(0, 12).Select(i => i / 12f)], 1, 6, 2);
        var prediction = model.Forward(x, training: true);
        var dx = model.Backward(new Tensor([1f], prediction.Shape));
        Assert.Equal([1, 6, 2], dx.Shape);
        Assert.All(Enumerable.Range(0, 6), t => Assert.NotEqual(0f, dx[0, t, 0]));
    }
}
