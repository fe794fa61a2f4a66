namespace LstmLab.Models;

/// <summary>Where training stands: the next batch to run, the sums of the epoch in progress, and what it trains on.</summary>
/// <param name="Epoch">The epoch in progress (from 1).</param>
/// <param name="Batch">The batches of that epoch already done.</param>
/// <param name="LossSum">Σ batch loss × batch size over those batches.</param>
/// <param name="MetricStates">Each metric's accumulated sums.</param>
/// <param name="Samples">The training samples per epoch (0 before any training, and in older checkpoints).</param>
/// <param name="BatchSize">The samples per batch.</param>
internal sealed record TrainingState(
    int Epoch,
    int Batch,
    double LossSum,
    double[][] MetricStates,
    int Samples = 0,
    int BatchSize = 0
)
{
    public static TrainingState Start(int metrics) =>
        new(1, 0, 0, [.. Enumerable.Range(0, metrics).Select(_ => Array.Empty<double>())]);

    /// <summary>Batches per epoch.</summary>
    public int StepsPerEpoch => BatchSize == 0 ? 0 : (Samples + BatchSize - 1) / BatchSize;

    /// <summary>
    /// Refuses to resume this state with other data or another batch size: the batches would not be
    /// the ones the checkpoint counted, and training would not continue where it stopped.
    /// </summary>
    public void CheckResumable(string path, int samples, int batchSize)
    {
        if (Samples == 0 || (Samples == samples && BatchSize == batchSize))
            return;
        var now = this with { Samples = samples, BatchSize = batchSize };
        var differences = new List<string>();
        if (Samples != samples)
            differences.Add($"{Samples} training samples, this Fit has {samples}");
        if (BatchSize != batchSize)
            differences.Add($"batch size {BatchSize}, this Fit has {batchSize}");
        if (StepsPerEpoch != now.StepsPerEpoch)
            differences.Add($"{StepsPerEpoch} steps per epoch, this Fit has {now.StepsPerEpoch}");
        throw new ArgumentException(
            $"{path} cannot be resumed by this Fit: the checkpoint was written with {string.Join("; ", differences)}. "
                + "Resume with the same training data (and validationSplit) and batchSize; or, to start new training "
                + "from its weights, call LoadWeights(path) and Fit without resumeFrom."
        );
    }
}
