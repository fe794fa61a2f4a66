using LstmLab.Losses;
using LstmLab.Tensors;

namespace LstmLab.Metrics;

/// <summary>A quantity accumulated over the batches of an epoch (Keras's stateful metrics).</summary>
public abstract class Metric
{
    /// <summary>The key in the logs and the <see cref="Models.History"/> ("accuracy", "rmse", …).</summary>
    public abstract string Name { get; }

    /// <summary>Starts a new epoch.</summary>
    public abstract void Reset();

    /// <summary>Adds one batch of predictions and targets.</summary>
    public abstract void Update(Tensor prediction, Tensor target);

    /// <summary>The value over everything added since <see cref="Reset"/>.</summary>
    public abstract double Result();

    /// <summary>The accumulated sums, saved in checkpoints so a resumed epoch continues them.</summary>
    internal abstract double[] State { get; set; }

    /// <summary>
    /// The metric for a Keras name: "accuracy" (categorical or binary, chosen by the loss as Keras does),
    /// "sparse_categorical_accuracy", "binary_accuracy", "mse", "rmse", "mae".
    /// </summary>
    public static Metric Create(string name, Loss loss) =>
        name switch
        {
            "accuracy" or "acc" => loss is BinaryCrossentropy
                ? new BinaryAccuracy("accuracy")
                : new SparseCategoricalAccuracy("accuracy"),
            "sparse_categorical_accuracy" => new SparseCategoricalAccuracy(name),
            "binary_accuracy" => new BinaryAccuracy(name),
            "mse" or "mean_squared_error" => new MeanError(name, squared: true, root: false),
            "rmse" or "root_mean_squared_error" => new MeanError(name, squared: true, root: true),
            "mae" or "mean_absolute_error" => new MeanError(name, squared: false, root: false),
            _ => throw new ArgumentException(
                $"Unknown metric '{name}'. Known: accuracy, sparse_categorical_accuracy, binary_accuracy, mse, rmse, mae."
            ),
        };
}
