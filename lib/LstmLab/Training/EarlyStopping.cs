namespace LstmLab.Training;

/// <summary>Stops training when <see cref="Monitor"/> has not improved by <see cref="MinDelta"/> for <see cref="Patience"/> epochs.</summary>
public sealed class EarlyStopping(
    string monitor = "val_loss",
    double minDelta = 0,
    int patience = 0,
    bool restoreBestWeights = false
) : Callback
{
    private double best;
    private int wait;
    private float[][]? bestWeights;

    /// <summary>The logged value watched ("val_loss", "val_accuracy", …).</summary>
    public string Monitor { get; } = monitor;

    /// <summary>The smallest change that counts as an improvement.</summary>
    public double MinDelta { get; } = Math.Abs(minDelta);

    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; } = patience;

    /// <summary>Whether the weights of the best epoch are put back at the end.</summary>
    public bool RestoreBestWeights { get; } = restoreBestWeights;

    /// <summary>The epoch (from 1) with the best value.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>The epoch (from 1) after which training stopped, or 0 if it ran to the end.</summary>
    public int StoppedEpoch { get; private set; }

    public override void OnTrainBegin()
    {
        best = HigherIsBetter(Monitor) ? double.NegativeInfinity : double.PositiveInfinity;
        (wait, BestEpoch, StoppedEpoch, bestWeights) = (0, 0, 0, null);
    }

    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        double current = Monitored(Monitor, logs);
        bool improved = HigherIsBetter(Monitor)
            ? current - MinDelta > best
            : current + MinDelta < best;
        if (improved)
        {
            (best, BestEpoch, wait) = (current, epoch, 0);
            if (RestoreBestWeights)
                bestWeights = Model.GetWeights();
            return;
        }
        if (++wait >= Patience)
        {
            StoppedEpoch = epoch;
            Model.StopTraining = true;
        }
    }

    public override void OnTrainEnd()
    {
        if (RestoreBestWeights && bestWeights is not null)
            Model.SetWeights(bestWeights);
    }
}
