using LstmLab.Text;

namespace LstmLab.Tests.Text;

public class SamplingTests
{
    private static readonly float[] Probabilities = [0.1f, 0.2f, 0.3f, 0.4f];

    [Fact]
    public void Temperature_one_keeps_the_distribution()
    {
        var p = Sampling.Reweight(Probabilities, 1);
        for (int i = 0; i < p.Length; i++)
            Assert.Equal(Probabilities[i], p[i], 6);
    }

    [Fact]
    public void Temperature_is_softmax_of_log_probabilities_over_tau()
    {
        double tau = 0.5;
        var p = Sampling.Reweight(Probabilities, tau);
        double sum = Probabilities.Sum(q => Math.Pow(q, 1 / tau));
        for (int i = 0; i < p.Length; i++)
            Assert.Equal(Math.Pow(Probabilities[i], 1 / tau) / sum, p[i], 6);
        Assert.True(p[3] > Probabilities[3], "a low temperature sharpens the distribution");
        Assert.True(Sampling.Reweight(Probabilities, 2)[3] < Probabilities[3]);
    }

    [Fact]
    public void Temperature_zero_is_greedy_and_tiny_probabilities_do_not_underflow()
    {
        Assert.Equal([0f, 0, 0, 1], Sampling.Reweight(Probabilities, 0));
        var p = Sampling.Reweight([1e-30f, 2e-30f], 0.01);
        Assert.Equal(1f, p[1], 6);
        Assert.All(p, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Draws_follow_the_reweighted_distribution()
    {
        var random = new Random(11);
        var counts = new int[4];
        int n = 400_000;
        for (int k = 0; k < n; k++)
            counts[Sampling.Draw(Probabilities, random, temperature: 0.5)]++;
        var expected = Sampling.Reweight(Probabilities, 0.5);
        // within 4 standard deviations of a binomial count
        for (int i = 0; i < 4; i++)
            Assert.InRange(
                counts[i] / (double)n - expected[i],
                -4 * Math.Sqrt(expected[i] * (1 - expected[i]) / n),
                4 * Math.Sqrt(expected[i] * (1 - expected[i]) / n)
            );
    }

    [Fact]
    public void Top_k_draws_only_among_the_k_most_likely()
    {
        var random = new Random(3);
        var seen = new HashSet<int>();
        for (int k = 0; k < 2000; k++)
            seen.Add(Sampling.Draw(Probabilities, random, temperature: 1, topK: 2));
        Assert.Equal([2, 3], seen.Order());
    }

    [Fact]
    public void Bad_inputs_name_the_value()
    {
        var e = Assert.Throws<ArgumentException>(() => Sampling.Reweight([0.5f, float.NaN], 1));
        Assert.Contains("Probability 1 is NaN", e.Message);
        var t = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Sampling.Reweight(Probabilities, -1)
        );
        Assert.Contains("got -1", t.Message);
    }
}
