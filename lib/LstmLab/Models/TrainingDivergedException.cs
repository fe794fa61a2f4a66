namespace LstmLab.Models;

/// <summary>Training produced a loss that is NaN or infinite; the message names the epoch and the batch.</summary>
public sealed class TrainingDivergedException(string message, int epoch, int batch)
    : Exception(message)
{
    /// <summary>The epoch (from 1) in which the loss diverged.</summary>
    public int Epoch { get; } = epoch;

    /// <summary>The batch (from 1) in which the loss diverged.</summary>
    public int Batch { get; } = batch;
}
