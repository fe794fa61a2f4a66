namespace LstmLab.Training;

/// <summary>Multiplies the learning rate by <see cref="Factor"/> when <see cref="Monitor"/> has not improved for <see cref="Patience"/> epochs.</summary>
public sealed class ReduceLROnPlateau(
    string monitor = "val_loss",
    double factor = 0.1,
    int patience = 10,
    double minDelta = 1e-4,
    int cooldown = 0,
    double minLr = 0
) : Callback
{
    private double best;
    private int wait,
        cooling;

    /// <summary>The logged value watched.</summary>
    public string Monitor { get; } = monitor;

    /// <summary>The factor applied to the learning rate (below 1).</summary>
    public double Factor { get; } =
        factor is > 0 and < 1
            ? factor
            : throw new ArgumentOutOfRangeException(
                nameof(factor),
                $"factor must be in (0, 1), got {factor}."
            );

    /// <summary>Epochs without improvement before reducing.</summary>
    public int Patience { get; } = patience;

    public override void OnTrainBegin()
    {
        best = HigherIsBetter(Monitor) ? double.NegativeInfinity : double.PositiveInfinity;
        (wait, cooling) = (0, 0);
    }

    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        double current = Monitored(Monitor, logs);
        bool improved = HigherIsBetter(Monitor)
            ? current - minDelta > best
            : current + minDelta < best;
        if (cooling > 0)
        {
            cooling--;
            wait = 0;
        }
        if (improved)
        {
            (best, wait) = (current, 0);
            return;
        }
        if (cooling == 0 && ++wait >= Patience)
        {
            var optimizer = Model.Optimizer;
            optimizer.LearningRate = Math.Max(optimizer.LearningRate * Factor, minLr);
            (wait, cooling) = (0, cooldown);
        }
    }
}
