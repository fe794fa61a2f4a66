using LstmLab.Tensors;

namespace LstmLab.Metrics;

/// <summary>The fraction of rows whose highest-scoring class equals the integer label.</summary>
public sealed class SparseCategoricalAccuracy(string name = "sparse_categorical_accuracy") : Metric
{
    private long correct,
        total;

    public override string Name => name;

    public override void Reset() => (correct, total) = (0, 0);

    public override void Update(Tensor prediction, Tensor target)
    {
        int classes = prediction.Shape[^1],
            rows = prediction.Length / classes;
        for (int r = 0; r < rows; r++)
        {
            var row = prediction.Span.Slice(r * classes, classes);
            int best = 0;
            for (int j = 1; j < classes; j++)
                if (row[j] > row[best])
                    best = j;
            if (best == (int)target.Data[r])
                correct++;
        }
        total += rows;
    }

    internal override double[] State
    {
        get => [correct, total];
        set => (correct, total) = ((long)value[0], (long)value[1]);
    }

    public override double Result() => total == 0 ? 0 : (double)correct / total;
}
