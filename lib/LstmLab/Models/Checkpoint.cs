using System.Globalization;
using System.Text.Json;
using LstmLab.IO;
using LstmLab.Tensors;

namespace LstmLab.Models;

/// <summary>
/// A training checkpoint in one safetensors file, written atomically: the weights under PyTorch's names,
/// the optimizer's state as <c>optimizer.SLOT.NAME</c> tensors, and in the metadata the position in training,
/// the epoch's running sums, the learning rate and the History so far.
/// </summary>
internal static class Checkpoint
{
    private const string Format = "lstmlab-checkpoint-1";

    public static void Write(string path, Sequential model, TrainingState state, History history)
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var p in model.Parameters)
        {
            tensors[p.Name] = p.Value;
            foreach (var (slot, values) in model.Optimizer.Slots(p))
                tensors[$"optimizer.{slot}.{p.Name}"] = new Tensor(values, values.Length);
        }
        var metadata = new Dictionary<string, string>
        {
            ["format"] = Format,
            [ModelDescription.Key] = ModelDescription.Write(model.Layers),
            ["optimizer"] = model.Optimizer.GetType().Name,
            ["iterations"] = model.Optimizer.Iterations.ToString(CultureInfo.InvariantCulture),
            ["learning_rate"] = model.Optimizer.LearningRate.ToString(
                "R",
                CultureInfo.InvariantCulture
            ),
            ["state"] = JsonSerializer.Serialize(state),
            ["history"] = JsonSerializer.Serialize(history.Epochs),
        };
        SafeTensors.Write(path, tensors, metadata);
    }

    /// <summary>
    /// Restores weights and optimizer state into <paramref name="model"/> and returns where training stood,
    /// after checking that the checkpoint was written while training on <paramref name="samples"/> samples
    /// in batches of <paramref name="batchSize"/> (nothing is changed when it was not).
    /// </summary>
    public static (TrainingState State, History History) Read(
        string path,
        Sequential model,
        int samples,
        int batchSize
    )
    {
        var file = SafeTensors.Read(path);
        if (!file.Metadata.TryGetValue("format", out var format) || format != Format)
            throw new InvalidDataException(
                $"{path} is not an LSTM Lab checkpoint (format '{format ?? "none"}', expected '{Format}'): "
                    + "use LoadWeights for a weights-only file."
            );
        string optimizer = file.Metadata["optimizer"];
        if (optimizer != model.Optimizer.GetType().Name)
            throw new InvalidDataException(
                $"{path} was saved with the {optimizer} optimizer, but the model is compiled with {model.Optimizer.GetType().Name}."
            );
        var state =
            JsonSerializer.Deserialize<TrainingState>(file.Metadata["state"])
            ?? throw new InvalidDataException($"{path}: the training state is empty.");
        state.CheckResumable(path, samples, batchSize);
        var weights = new Dictionary<string, Tensor>(
            file.Tensors.Where(t => !t.Key.StartsWith("optimizer.", StringComparison.Ordinal))
        );
        model.LoadWeights(path, weights);
        foreach (var p in model.Parameters)
        foreach (var (slot, values) in model.Optimizer.Slots(p))
        {
            var saved = file[$"optimizer.{slot}.{p.Name}"];
            if (saved.Length != values.Length)
                throw new InvalidDataException(
                    $"{path}: optimizer state '{slot}' of {p.Name} has {saved.Length} values, expected {values.Length}."
                );
            saved.Data.CopyTo(values, 0);
        }
        model.Optimizer.Iterations = int.Parse(
            file.Metadata["iterations"],
            CultureInfo.InvariantCulture
        );
        model.Optimizer.LearningRate = double.Parse(
            file.Metadata["learning_rate"],
            CultureInfo.InvariantCulture
        );
        var history = new History();
        foreach (
            var log in JsonSerializer.Deserialize<List<EpochLog>>(file.Metadata["history"]) ?? []
        )
            history.Add(log);
        return (state, history);
    }
}
