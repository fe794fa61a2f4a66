using LstmLab.Tensors;
using LstmLab.Text;

namespace LstmLab.Tests.Text;

public class TopKTests
{
    [Fact]
    public void Of_returns_the_largest_first_with_ties_in_id_order()
    {
        float[] p = [0.1f, 0.3f, 0.05f, 0.3f, 0.25f];
        Assert.Equal([(1, 0.3f), (3, 0.3f), (4, 0.25f)], TopK.Of(p, 3));
        Assert.Equal(5, TopK.Of(p, 10).Length);
    }

    [Fact]
    public void Of_matches_sorting_on_random_rows()
    {
        var random = new Random(9);
        for (int trial = 0; trial < 50; trial++)
        {
            float[] p = [.. Enumerable.Range(0, 40).Select(_ => (float)random.NextDouble())];
            var expected = p.Select((v, i) => (i, v)).OrderByDescending(e => e.v).Take(5);
            Assert.Equal(expected, TopK.Of(p, 5));
        }
    }

    [Fact]
    public void Accuracy_counts_the_label_among_the_k_most_likely()
    {
        var probabilities = new Tensor(
            [0.5f, 0.3f, 0.2f, 0.1f, 0.2f, 0.7f, 0.6f, 0.3f, 0.1f],
            3,
            3
        );
        var labels = new Tensor([0f, 1f, 2f], 3);
        Assert.Equal(1 / 3.0, TopK.Accuracy(probabilities, labels, 1), 10); // only row 0
        Assert.Equal(2 / 3.0, TopK.Accuracy(probabilities, labels, 2), 10); // row 1: 0.2 is second
        Assert.Equal(1.0, TopK.Accuracy(probabilities, labels, 3), 10);
    }

    [Fact]
    public void Accuracy_names_mismatched_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            TopK.Accuracy(new Tensor(2, 3), new Tensor(3), 1)
        );
        Assert.Contains("(2, 3)", e.Message);
    }
}
