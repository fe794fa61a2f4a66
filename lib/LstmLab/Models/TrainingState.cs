namespace LstmLab.Models;

/// <summary>Where training stands: the next batch to run, and the sums of the epoch in progress.</summary>
/// <param name="Epoch">The epoch in progress (from 1).</param>
/// <param name="Batch">The batches of that epoch already done.</param>
/// <param name="LossSum">Σ batch loss × batch size over those batches.</param>
/// <param name="MetricStates">Each metric's accumulated sums.</param>
internal sealed record TrainingState(int Epoch, int Batch, double LossSum, double[][] MetricStates)
{
    public static TrainingState Start(int metrics) =>
        new(1, 0, 0, [.. Enumerable.Range(0, metrics).Select(_ => Array.Empty<double>())]);
}
