using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Optimizers;
using LstmLab.Tensors;
using Xunit.Abstractions;

namespace LstmLab.Tests.Engine;

/// <summary>
/// The adding problem (Hochreiter &amp; Schmidhuber 1997): each step carries a random value and a marker;
/// the target is the sum of the two marked values, one in each half of the sequence, so the answer
/// depends on inputs up to 50 steps back. Always answering the mean (1.0) gives MSE ≈ 0.167.
/// </summary>
public class AddingProblemTests(ITestOutputHelper output)
{
    private const int Steps = 50;

    [Fact]
    public void Lstm_learns_the_50_step_adding_problem_that_a_simple_rnn_does_not()
    {
        var (x, y) = Make(4000, seed: 1);
        var (testX, testY) = Make(1000, seed: 2);

        double lstm = Train(new Lstm(24), x, y, testX, testY);
        double rnn = Train(new SimpleRnn(24), x, y, testX, testY);
        output.WriteLine(
            $"test MSE after training: LSTM {lstm:0.0000}, SimpleRnn {rnn:0.0000} (mean baseline 0.167)"
        );

        Assert.True(lstm < 0.02, $"LSTM test MSE {lstm} should be below 0.02");
        Assert.True(rnn > 0.08, $"SimpleRnn test MSE {rnn} should stay above 0.08");
    }

    [Fact]
    public void Gru_learns_the_50_step_adding_problem_that_a_simple_rnn_does_not()
    {
        var (x, y) = Make(4000, seed: 1);
        var (testX, testY) = Make(1000, seed: 2);

        double gru = Train(new Gru(24), x, y, testX, testY);
        double rnn = Train(new SimpleRnn(24), x, y, testX, testY);
        output.WriteLine(
            $"test MSE after training: GRU {gru:0.0000}, SimpleRnn {rnn:0.0000} (mean baseline 0.167)"
        );

        Assert.True(gru < 0.02, $"GRU test MSE {gru} should be below 0.02");
        Assert.True(rnn > 0.08, $"SimpleRnn test MSE {rnn} should stay above 0.08");
    }

    private double Train(Layer recurrent, Tensor x, Tensor y, Tensor testX, Tensor testY)
    {
        var model = new Sequential(seed: 3) { new Input(Steps, 2), recurrent, new Dense(1) };
        model.Compile(new Adam(0.01, globalClipNorm: 1.0), new MeanSquaredError());
        var history = model.Fit(x, y, epochs: 8, batchSize: 50, verbose: 0);
        output.WriteLine(
            $"{recurrent.GetType().Name}: loss per epoch {string.Join(", ", history["loss"].Select(v => v.ToString("0.0000")))}"
        );
        return model.Evaluate(testX, testY)["loss"];
    }

    internal static (Tensor X, Tensor Y) Make(int count, int seed)
    {
        var random = new Random(seed);
        var x = new Tensor(count, Steps, 2);
        var y = new Tensor(count, 1);
        for (int n = 0; n < count; n++)
        {
            int first = random.Next(Steps / 2),
                second = Steps / 2 + random.Next(Steps / 2);
            for (int t = 0; t < Steps; t++)
                x[n, t, 0] = (float)random.NextDouble();
            x[n, first, 1] = 1;
            x[n, second, 1] = 1;
            y[n, 0] = x[n, first, 0] + x[n, second, 0];
        }
        return (x, y);
    }
}
