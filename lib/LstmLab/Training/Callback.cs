using LstmLab.Models;

namespace LstmLab.Training;

/// <summary>Hooks called by <see cref="Sequential.Fit"/> (Keras's callbacks); override the ones you need.</summary>
public abstract class Callback
{
    /// <summary>The model being trained (set when training starts).</summary>
    public Sequential Model { get; internal set; } = null!;

    /// <summary>Before the first epoch.</summary>
    public virtual void OnTrainBegin() { }

    /// <summary>After each epoch, with that epoch's loss, metrics and validation values.</summary>
    public virtual void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) { }

    /// <summary>After the last epoch (or after an early stop).</summary>
    public virtual void OnTrainEnd() { }

    /// <summary>The value of <paramref name="monitor"/> in <paramref name="logs"/>, or a clear error naming the keys there are.</summary>
    protected static double Monitored(string monitor, IReadOnlyDictionary<string, double> logs) =>
        logs.TryGetValue(monitor, out double value)
            ? value
            : throw new KeyNotFoundException(
                $"Callback monitors '{monitor}', but the epoch logs have only: {string.Join(", ", logs.Keys)}. "
                    + "(val_* values need validationSplit or validationData.)"
            );

    /// <summary>Whether larger is better for <paramref name="monitor"/> (accuracy) or smaller (loss, errors), as Keras's mode "auto".</summary>
    protected static bool HigherIsBetter(string monitor) => monitor.Contains("acc");
}
