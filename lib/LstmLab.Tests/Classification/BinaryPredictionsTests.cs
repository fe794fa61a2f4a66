using LstmLab.Classification;
using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Optimizers;
using LstmLab.Tensors;

namespace LstmLab.Tests.Classification;

public class BinaryPredictionsTests
{
    private static BinaryPredictions Sample() =>
        // rows: right (0.9/1), wrong (0.8/0), right (0.2/0), wrong (0.45/1), wrong (0.05/1), exactly 0.5 → class 0
        new(
            new Tensor([0.9f, 0.8f, 0.2f, 0.45f, 0.05f, 0.5f], 6, 1),
            new Tensor([1f, 0, 0, 1, 1, 0], 6)
        );

    [Fact]
    public void A_probability_above_the_threshold_is_class_1_and_exactly_the_threshold_is_class_0()
    {
        var answers = Sample();
        Assert.Equal([1, 1, 0, 0, 0, 0], answers.Predicted);
        Assert.Equal([1, 0, 0, 1, 1, 0], answers.Actual);
        Assert.Equal(3.0 / 6, answers.Accuracy, 12);
        Assert.False(answers.IsCorrect(1));
        Assert.Equal(1, answers.FalsePositives); // row 1
        Assert.Equal(2, answers.FalseNegatives); // rows 3 and 4
    }

    [Fact]
    public void The_most_confident_mistakes_come_farthest_from_the_threshold_first()
    {
        var answers = Sample();
        // row 4: |0.05 - 0.5| = 0.45, row 1: 0.3, row 3: 0.05
        Assert.Equal([4, 1, 3], answers.MostConfidentMistakes(10));
        Assert.Equal([4, 1], answers.MostConfidentMistakes(2));
    }

    [Fact]
    public void Accuracy_matches_the_models_evaluate()
    {
        var random = new Random(7);
        var x = new Tensor(
            [.. Enumerable.Range(0, 40 * 3).Select(_ => (float)random.NextDouble() - 0.5f)],
            40,
            3
        );
        var y = new Tensor([.. Enumerable.Range(0, 40).Select(i => (float)(i % 2))], 40);
        var model = new Sequential(seed: 1) { new Input(3), new Dense(1, Activation.Sigmoid) };
        model.Compile(new Adam(), new BinaryCrossentropy(), "accuracy");
        var answers = new BinaryPredictions(model.Predict(x), y);
        Assert.Equal(model.Evaluate(x, y)["accuracy"], answers.Accuracy, 12);
    }

    [Fact]
    public void The_table_shows_the_text_cut_the_probability_and_the_verdict()
    {
        var answers = Sample();
        var table = answers.Table(
            [1, 0],
            row => $"review {row} " + new string('x', 50),
            ["negative", "positive"],
            maxChars: 20
        );
        string html = table.ToHtml();
        Assert.Equal(2, table.RowCount);
        Assert.Contains("review 1 xxxxxxxxxxx …", html);
        Assert.Contains("P(positive)", html);
        Assert.Contains("0.800", html);
        Assert.Contains("wrong", html);
        Assert.Contains("right", html);
    }

    [Fact]
    public void Mismatched_rows_name_both_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new BinaryPredictions(new Tensor(3, 1), new Tensor(4))
        );
        Assert.Contains("3 probabilities (3, 1) but 4 labels (4,)", e.Message);
    }

    [Fact]
    public void A_label_other_than_0_or_1_and_a_probability_outside_0_1_are_errors_naming_the_row()
    {
        var label = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new BinaryPredictions(new Tensor([0.5f, 0.5f], 2), new Tensor([1f, 2f], 2))
        );
        Assert.Contains("label 2 at row 1 is neither 0 nor 1", label.Message);
        var probability = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new BinaryPredictions(new Tensor([1.5f], 1), new Tensor([1f], 1))
        );
        Assert.Contains("probability 1.5 at row 0 is not in [0, 1]", probability.Message);
    }

    [Fact]
    public void Probabilities_with_more_than_one_column_are_an_error()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new BinaryPredictions(new Tensor(3, 2), new Tensor(3))
        );
        Assert.Contains("probabilities must be (N) or (N, 1), got (3, 2)", e.Message);
    }
}
