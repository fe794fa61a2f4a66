using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Optimizers;
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

    [Fact]
    public void Accuracies_in_batches_equal_accuracy_of_all_predictions_at_once()
    {
        var model = new Sequential(seed: 3)
        {
            new Embedding(7, 4),
            new Lstm(5),
            new Dense(7, Activation.Softmax),
        };
        model.Compile(new Adam(), new SparseCategoricalCrossentropy());
        var random = new Random(4);
        var x = new Tensor(
            [.. Enumerable.Range(0, 50 * 3).Select(_ => (float)random.Next(7))],
            50,
            3
        );
        var labels = new Tensor(
            [.. Enumerable.Range(0, 50).Select(_ => (float)random.Next(7))],
            50
        );
        var all = model.Predict(x, 50);

        double[] batched = TopK.Accuracies(model, x, labels, [1, 3], batchSize: 8);

        Assert.Equal(TopK.Accuracy(all, labels, 1), batched[0], 10);
        Assert.Equal(TopK.Accuracy(all, labels, 3), batched[1], 10);
    }

    [Fact]
    public void Unigram_baseline_guesses_the_most_frequent_training_labels()
    {
        var training = new Tensor([2f, 2, 2, 5, 5, 7, 9], 7);
        var held = new Tensor([2f, 5, 7, 9], 4);
        Assert.Equal(0.25, TopK.UnigramAccuracy(training, held, 1), 10);
        Assert.Equal(0.5, TopK.UnigramAccuracy(training, held, 2), 10);
        Assert.Equal(0.75, TopK.UnigramAccuracy(training, held, 3), 10); // 7 before 9 on a tie
    }
}
