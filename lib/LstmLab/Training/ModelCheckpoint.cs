namespace LstmLab.Training;

/// <summary>
/// Saves a checkpoint (weights under PyTorch's names, optimizer state, position in training and History;
/// safetensors, written atomically) after each epoch, or only when <see cref="Monitor"/> improves with
/// <see cref="SaveBestOnly"/>. "{epoch}" in the path is replaced by the epoch number. Resume with
/// <c>Fit(…, resumeFrom: path)</c>; <c>LoadWeights(path)</c> reads just the weights.
/// </summary>
public sealed class ModelCheckpoint(
    string filePath,
    string monitor = "val_loss",
    bool saveBestOnly = false
) : Callback
{
    private double best;

    /// <summary>Where to save; may contain "{epoch}".</summary>
    public string FilePath { get; } = filePath;

    /// <summary>The logged value watched when <see cref="SaveBestOnly"/>.</summary>
    public string Monitor { get; } = monitor;

    /// <summary>Whether to save only when the monitored value improves.</summary>
    public bool SaveBestOnly { get; } = saveBestOnly;

    /// <summary>The paths written, in order.</summary>
    public List<string> Saved { get; } = [];

    public override void OnTrainBegin() =>
        best = HigherIsBetter(Monitor) ? double.NegativeInfinity : double.PositiveInfinity;

    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (SaveBestOnly)
        {
            double current = Monitored(Monitor, logs);
            bool improved = HigherIsBetter(Monitor) ? current > best : current < best;
            if (!improved)
                return;
            best = current;
        }
        string path = FilePath.Replace(
            "{epoch}",
            epoch.ToString(System.Globalization.CultureInfo.InvariantCulture)
        );
        Model.Save(path);
        Saved.Add(path);
    }
}
