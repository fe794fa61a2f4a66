namespace LstmLab.Training;

/// <summary>
/// A process-wide request to stop training at the end of the current batch (what Ctrl+C in
/// <c>lstmlab run</c> sets). <see cref="Models.Sequential.Fit"/> then saves a checkpoint to
/// <see cref="CheckpointPath"/> and throws <see cref="TrainingInterruptedException"/>.
/// </summary>
public static class TrainingInterrupt
{
    private static volatile bool requested;

    /// <summary>Whether a stop has been requested.</summary>
    public static bool IsRequested => requested;

    /// <summary>Where an interrupted Fit saves its checkpoint (default: interrupted.checkpoint.safetensors in the current folder).</summary>
    public static string CheckpointPath { get; set; } = "interrupted.checkpoint.safetensors";

    /// <summary>Asks running training to stop after its current batch.</summary>
    public static void Request() => requested = true;

    /// <summary>Clears a request.</summary>
    public static void Reset() => requested = false;
}

/// <summary>
/// Training stopped on request; the message says where the checkpoint is and how to resume, or,
/// when the checkpoint could not be written, why (the write's error is the inner exception).
/// </summary>
public sealed class TrainingInterruptedException(
    string message,
    string? checkpointPath,
    Exception? checkpointError = null
) : OperationCanceledException(message, checkpointError)
{
    /// <summary>The checkpoint written when training stopped; null when it could not be written.</summary>
    public string? CheckpointPath { get; } = checkpointPath;
}
