namespace LstmLab.Tensors;

/// <summary>Class labels from tensors: the index of the largest score, or labels stored as floats.</summary>
public static class TensorClasses
{
    /// <summary>For scores (N, …, C), the index of the largest of the C values in each row.</summary>
    public static int[] ArgMax(this Tensor scores)
    {
        if (scores.Rank < 2)
            throw new ArgumentException($"ArgMax needs scores of shape (N, …, C), got {Tensor.Format(scores.Shape)}.");
        int classes = scores.Shape[^1];
        var result = new int[scores.Length / classes];
        for (int r = 0; r < result.Length; r++)
        {
            var row = scores.Span.Slice(r * classes, classes);
            int best = 0;
            for (int j = 1; j < classes; j++)
                if (row[j] > row[best])
                    best = j;
            result[r] = best;
        }
        return result;
    }

    /// <summary>Labels stored as floats (N) as integers.</summary>
    public static int[] ToLabels(this Tensor labels) => [.. labels.Data.Select(v => (int)v)];
}
