using LstmLab.Display;
using LstmLab.Tensors;

namespace LstmLab.Classification;

/// <summary>
/// A binary classifier's answers next to the truth: the probability p = P(class 1) it gave each
/// example (a sigmoid output) and the true label 0 or 1. Example i is predicted as class 1 when
/// p &gt; <see cref="Threshold"/>, as Keras's binary_accuracy decides, so <see cref="Accuracy"/>
/// matches the "accuracy" of <c>Evaluate</c> at the default threshold 0.5.
/// </summary>
/// <example>
/// <code>
/// var answers = new BinaryPredictions(model.Predict(test.X), test.Y);
/// Chart.ConfusionMatrix(answers.Actual, answers.Predicted, ["negative", "positive"])
/// answers.Table(answers.MostConfidentMistakes(5), row => texts[row], ["negative", "positive"])
/// </code>
/// </example>
public sealed class BinaryPredictions
{
    private readonly float[] probabilities;

    /// <summary>
    /// Pairs <paramref name="probabilities"/> (N) or (N, 1) with <paramref name="labels"/> (N) or
    /// (N, 1) holding 0 or 1.
    /// </summary>
    public BinaryPredictions(Tensor probabilities, Tensor labels, double threshold = 0.5)
    {
        CheckColumn(probabilities, "probabilities");
        CheckColumn(labels, "labels");
        int n = probabilities.Shape[0];
        if (labels.Shape[0] != n)
            throw new ArgumentException(
                $"BinaryPredictions: {n} probabilities {Tensor.Format(probabilities.Shape)} but {labels.Shape[0]} labels {Tensor.Format(labels.Shape)}.",
                nameof(labels)
            );
        if (!(threshold > 0 && threshold < 1))
            throw new ArgumentOutOfRangeException(
                nameof(threshold),
                $"BinaryPredictions: the threshold must be between 0 and 1, got {threshold}."
            );
        this.probabilities = (float[])probabilities.Data.Clone();
        Threshold = threshold;
        Actual = new int[n];
        Predicted = new int[n];
        for (int i = 0; i < n; i++)
        {
            float p = this.probabilities[i];
            if (!(p >= 0 && p <= 1))
                throw new ArgumentOutOfRangeException(
                    nameof(probabilities),
                    $"BinaryPredictions: probability {p} at row {i} is not in [0, 1]; pass the output of a sigmoid."
                );
            Actual[i] = labels.Data[i] switch
            {
                0 => 0,
                1 => 1,
                var y => throw new ArgumentOutOfRangeException(
                    nameof(labels),
                    $"BinaryPredictions: label {y} at row {i} is neither 0 nor 1."
                ),
            };
            Predicted[i] = p > threshold ? 1 : 0;
        }
    }

    /// <summary>The number of examples N.</summary>
    public int Count => probabilities.Length;

    /// <summary>The probability above which an example is predicted as class 1.</summary>
    public double Threshold { get; }

    /// <summary>P(class 1) for each example, (N).</summary>
    public IReadOnlyList<float> Probabilities => probabilities;

    /// <summary>The true class of each example, 0 or 1.</summary>
    public int[] Actual { get; }

    /// <summary>The predicted class of each example: 1 where p &gt; <see cref="Threshold"/>.</summary>
    public int[] Predicted { get; }

    /// <summary>The fraction of examples predicted correctly.</summary>
    public double Accuracy =>
        Count == 0 ? 0 : (double)Enumerable.Range(0, Count).Count(IsCorrect) / Count;

    /// <summary>The number of class-0 examples predicted as class 1 (for IMDB: negative reviews called positive).</summary>
    public int FalsePositives =>
        Enumerable.Range(0, Count).Count(r => Actual[r] == 0 && Predicted[r] == 1);

    /// <summary>The number of class-1 examples predicted as class 0.</summary>
    public int FalseNegatives =>
        Enumerable.Range(0, Count).Count(r => Actual[r] == 1 && Predicted[r] == 0);

    /// <summary>Whether example <paramref name="row"/> was predicted correctly.</summary>
    public bool IsCorrect(int row) => Actual[row] == Predicted[row];

    /// <summary>
    /// The rows of up to <paramref name="count"/> wrong answers the model was most sure of: those
    /// whose probability lies farthest from the threshold (a negative example given p = 0.99
    /// comes before one given p = 0.6); ties in row order.
    /// </summary>
    public int[] MostConfidentMistakes(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Enumerable
            .Range(0, Count)
            .Where(row => !IsCorrect(row))
            .OrderByDescending(row => Math.Abs(probabilities[row] - Threshold))
            .ThenBy(row => row)
            .Take(count)
            .ToArray();
    }

    /// <summary>
    /// A table of the given <paramref name="rows"/>: the example's <paramref name="text"/> (cut to
    /// <paramref name="maxChars"/> characters), its true class, P(class 1), the predicted class,
    /// and whether that is right. <paramref name="classNames"/> names class 0 then class 1.
    /// </summary>
    public HtmlTable Table(
        IEnumerable<int> rows,
        Func<int, string> text,
        IReadOnlyList<string> classNames,
        int maxChars = 600
    )
    {
        if (classNames.Count != 2)
            throw new ArgumentException(
                $"BinaryPredictions.Table: expected 2 class names (class 0, class 1), got {classNames.Count}.",
                nameof(classNames)
            );
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxChars);
        return new HtmlTable(
            ["row", "text", "actual", $"P({classNames[1]})", "predicted", "verdict"],
            rows.Select(row =>
                new object?[]
                {
                    row,
                    Cut(text(row), maxChars),
                    classNames[Actual[row]],
                    (double)probabilities[row],
                    classNames[Predicted[row]],
                    IsCorrect(row) ? "right" : "wrong",
                }
            )
        )
        {
            NumberFormat = "0.000",
        };
    }

    private static string Cut(string text, int maxChars) =>
        text.Length <= maxChars ? text : text[..maxChars] + " …";

    private static void CheckColumn(Tensor values, string name)
    {
        if (values.Rank == 1 || values.Rank == 2 && values.Shape[1] == 1)
            return;
        throw new ArgumentException(
            $"BinaryPredictions: {name} must be (N) or (N, 1), got {Tensor.Format(values.Shape)}.",
            name
        );
    }
}
