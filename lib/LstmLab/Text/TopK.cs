using LstmLab.Models;
using LstmLab.Tensors;

namespace LstmLab.Text;

/// <summary>The k most likely tokens of a prediction, and top-k accuracy (the true token among them).</summary>
public static class TopK
{
    /// <summary>
    /// The <paramref name="k"/> largest entries of <paramref name="probabilities"/> as (id, probability),
    /// most likely first; equal probabilities keep the lower id first. Fewer when there are fewer entries.
    /// </summary>
    public static (int Id, float Probability)[] Of(ReadOnlySpan<float> probabilities, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        int n = Math.Min(k, probabilities.Length);
        var best = new (int Id, float Probability)[n];
        int filled = 0;
        // Insertion into a short sorted list: k is small (5) and the vocabulary is read once.
        for (int i = 0; i < probabilities.Length; i++)
        {
            float p = probabilities[i];
            if (filled == n && !(p > best[n - 1].Probability))
                continue;
            int at = filled < n ? filled++ : n - 1;
            while (at > 0 && p > best[at - 1].Probability)
            {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = (i, p);
        }
        return best;
    }

    /// <summary>
    /// The fraction of rows of <paramref name="probabilities"/> (N, C) whose label in
    /// <paramref name="labels"/> (N) is among the row's <paramref name="k"/> most likely classes.
    /// k = 1 is ordinary accuracy.
    /// </summary>
    public static double Accuracy(Tensor probabilities, Tensor labels, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (probabilities.Rank != 2 || labels.Length != probabilities.Shape[0])
            throw new ArgumentException(
                $"Top-k accuracy needs probabilities (N, C) and N labels, got {Tensor.Format(probabilities.Shape)} "
                    + $"and {Tensor.Format(labels.Shape)}."
            );
        int n = probabilities.Shape[0],
            classes = probabilities.Shape[1];
        if (n == 0)
            throw new ArgumentException("Top-k accuracy of no rows is undefined.");
        int hits = 0;
        for (int row = 0; row < n; row++)
        {
            var p = probabilities.Span.Slice(row * classes, classes);
            int label = (int)labels.Data[row];
            if ((uint)label >= (uint)classes)
                throw new ArgumentOutOfRangeException(
                    nameof(labels),
                    $"Label {labels.Data[row]} at row {row} is outside the {classes} classes."
                );
            // The label is in the top k when fewer than k classes beat it (ties count for the label, as Keras's in_top_k).
            int better = 0;
            for (int c = 0; c < classes && better < k; c++)
                if (p[c] > p[label])
                    better++;
            if (better < k)
                hits++;
        }
        return (double)hits / n;
    }

    /// <summary>
    /// Top-k accuracy of <paramref name="model"/> on (x, labels (N)) for each k in <paramref name="ks"/>,
    /// predicting <paramref name="batchSize"/> rows at a time so that the (N, vocabulary) probabilities of a
    /// large held-out set are never held in memory at once.
    /// </summary>
    public static double[] Accuracies(
        Sequential model,
        Tensor x,
        Tensor labels,
        int[] ks,
        int batchSize = 512
    )
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (x.Rank < 1 || labels.Length != x.Shape[0])
            throw new ArgumentException(
                $"Top-k accuracy needs N inputs and N labels, got {Tensor.Format(x.Shape)} and {Tensor.Format(labels.Shape)}."
            );
        int n = x.Shape[0];
        var hits = new double[ks.Length];
        for (int start = 0; start < n; start += batchSize)
        {
            int count = Math.Min(batchSize, n - start);
            var probabilities = model.Predict(x.Slice(start, count), count);
            for (int j = 0; j < ks.Length; j++)
                hits[j] += Accuracy(probabilities, labels.Slice(start, count), ks[j]) * count;
        }
        return [.. hits.Select(h => h / n)];
    }

    /// <summary>
    /// The top-k accuracy on <paramref name="labels"/> of always guessing the k labels most frequent in
    /// <paramref name="trainingLabels"/> (a model that ignores its input): the baseline a model must beat.
    /// </summary>
    public static double UnigramAccuracy(Tensor trainingLabels, Tensor labels, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (labels.Length == 0)
            throw new ArgumentException("Top-k accuracy of no labels is undefined.");
        var frequent = trainingLabels
            .Data.GroupBy(label => label)
            .OrderByDescending(group => group.Count())
            .ThenBy(group => group.Key)
            .Take(k)
            .Select(group => group.Key)
            .ToHashSet();
        return labels.Data.Count(frequent.Contains) / (double)labels.Length;
    }
}
