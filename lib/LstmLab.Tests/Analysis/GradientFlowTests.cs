using LstmLab.Analysis;
using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Optimizers;
using LstmLab.Tensors;

namespace LstmLab.Tests.Analysis;

public class GradientFlowTests
{
    private static Sequential Model(Layer recurrent)
    {
        var model = new Sequential(seed: 5) { new Input(6, 2), recurrent, new Dense(1) };
        model.Compile(new Sgd(0.1), new MeanSquaredError());
        return model;
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("rnn")]
    public void Norms_per_step_match_finite_differences_of_each_samples_loss(string kind)
    {
        var model = Model(kind == "lstm" ? new Lstm(4) : new SimpleRnn(4));
        var random = new Random(2);
        var x = new Tensor(
            [.. Enumerable.Range(0, 24).Select(_ => (float)random.NextDouble())],
            2,
            6,
            2
        );
        var y = new Tensor([0.5f, -0.5f], 2, 1);

        double[] norms = GradientFlow.InputGradientNorms(model, x, y);

        var expected = new double[6];
        const float eps = 1e-2f;
        for (int b = 0; b < 2; b++)
        {
            var xb = x.Slice(b, 1).Clone();
            var yb = y.Slice(b, 1);
            for (int t = 0; t < 6; t++)
            {
                double squares = 0;
                for (int f = 0; f < 2; f++)
                {
                    int at = t * 2 + f;
                    float kept = xb.Data[at];
                    xb.Data[at] = kept + eps;
                    double plus = model.Evaluate(xb, yb)["loss"];
                    xb.Data[at] = kept - eps;
                    double minus = model.Evaluate(xb, yb)["loss"];
                    xb.Data[at] = kept;
                    double slope = (plus - minus) / (2 * eps);
                    squares += slope * slope;
                }
                expected[t] += Math.Sqrt(squares) / 2;
            }
        }
        for (int t = 0; t < 6; t++)
            Assert.Equal(expected[t], norms[t], 3);
        Assert.All(model.Parameters, p => Assert.All(p.Gradient.Data, g => Assert.Equal(0f, g)));
    }

    [Fact]
    public void Token_ids_are_refused()
    {
        var model = Model(new Lstm(3));
        var e = Assert.Throws<ArgumentException>(() =>
            GradientFlow.InputGradientNorms(model, new Tensor(2, 6), new Tensor(2, 1))
        );
        Assert.Contains("(B, T, F)", e.Message);
    }
}
