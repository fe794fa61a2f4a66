namespace LstmLab.Models;

/// <summary>
/// A progress report from <see cref="Sequential.Fit"/>, after each batch and at the end of each epoch,
/// so a terminal, a notebook or a test can draw its own progress bar.
/// </summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Epochs">The number of epochs asked for.</param>
/// <param name="Batch">The batches done in this epoch.</param>
/// <param name="Batches">The batches per epoch.</param>
/// <param name="Logs">The running loss and metrics (with val_* at the end of an epoch).</param>
/// <param name="EpochEnded">Whether this is the end-of-epoch report.</param>
/// <param name="Seconds">Seconds since the epoch started.</param>
public sealed record TrainingProgress(
    int Epoch,
    int Epochs,
    int Batch,
    int Batches,
    IReadOnlyDictionary<string, double> Logs,
    bool EpochEnded,
    double Seconds
)
{
    /// <summary>A Keras-like line: "Epoch 2/5  120/375 [=======>......] loss 0.4123 accuracy 0.8810 (3.1 s)".</summary>
    public override string ToString()
    {
        const int width = 24;
        int filled = Batches == 0 ? width : Batch * width / Batches;
        string bar =
            new string('=', Math.Max(filled - 1, 0))
            + (filled < width ? ">" : "=")
            + new string('.', width - filled);
        string logs = string.Join(
            "  ",
            Logs.Select(p =>
                $"{p.Key} {p.Value.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)}"
            )
        );
        return $"Epoch {Epoch}/{Epochs}  {Batch}/{Batches} [{bar}]  {logs}  ({Seconds:0.0} s)";
    }
}
