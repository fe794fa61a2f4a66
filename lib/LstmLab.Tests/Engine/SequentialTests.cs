using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Optimizers;
using LstmLab.Tensors;
using LstmLab.Training;

namespace LstmLab.Tests.Engine;

/// <summary>The Keras-style model API: summary, fit, evaluate, predict, callbacks, reproducibility, saving.</summary>
public class SequentialTests
{
    private static Sequential Mnist32(int seed = 0, double recurrentDropout = 0) =>
        new(seed)
        {
            new Input(28, 28),
            new Lstm(32, recurrentDropout: recurrentDropout),
            new Dense(10, Activation.Softmax),
        };

    private static (Tensor X, Tensor Y) Digits(int count, int seed)
    {
        // A learnable toy task of MNIST's shape: the label is the column that is bright in every row.
        var random = new Random(seed);
        var x = new Tensor(count, 28, 28);
        var y = new Tensor(count);
        for (int n = 0; n < count; n++)
        {
            int label = random.Next(10);
            y[n] = label;
            for (int t = 0; t < 28; t++)
            for (int f = 0; f < 28; f++)
                x[n, t, f] = (float)random.NextDouble() * 0.5f + (f == label * 2 ? 0.5f : 0f);
        }
        return (x, y);
    }

    [Fact]
    public void Summary_of_the_mnist_32_model_counts_8266_parameters_and_names_keras_count()
    {
        var summary = Mnist32().Summary();
        Assert.Equal(8266, summary.TotalParameters);
        Assert.Equal(8138, summary.KerasParameters);
        Assert.Equal(["lstm", "dense"], summary.Layers.Select(l => l.Name));
        Assert.Equal("(None, 32)", summary.Layers[0].OutputShape);
        Assert.Equal(7936, summary.Layers[0].Parameters);
        string text = summary.ToString();
        Assert.Contains("8,266", text);
        Assert.Contains("8,138", text);
        Assert.Contains("<table", summary.ToHtml());
    }

    [Fact]
    public void Fit_learns_and_records_a_keras_history_with_validation_from_the_last_fraction()
    {
        var (x, y) = Digits(600, 1);
        var model = Mnist32(seed: 1, recurrentDropout: 0.15);
        model.Compile(new Adam(0.01), new SparseCategoricalCrossentropy(), "accuracy");
        var reports = new List<TrainingProgress>();
        var history = model.Fit(
            x,
            y,
            epochs: 3,
            batchSize: 32,
            validationSplit: 0.2,
            progress: new Progress(reports.Add),
            verbose: 0
        );

        Assert.Equal(["loss", "accuracy", "val_loss", "val_accuracy"], history.Keys);
        Assert.Equal(3, history.Epochs.Count);
        Assert.True(history["loss"][2] < history["loss"][0]);
        Assert.True(history["val_accuracy"][2] > 0.5, $"val_accuracy {history["val_accuracy"][2]}");
        Assert.All(history["lr"], lr => Assert.Equal(0.01, lr, 9));
        // the last 20% is validation: evaluating on it reproduces val_loss
        var evaluation = model.Evaluate(x.Slice(480, 120), y.Slice(480, 120));
        Assert.Equal(history["val_loss"][2], evaluation["loss"], 6);
        Assert.Equal(history["val_accuracy"][2], evaluation["accuracy"], 9);
        Assert.Equal(15 * 3, reports.Count(r => !r.EpochEnded));
    }

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    [Fact]
    public void The_same_seed_gives_the_same_history_and_weights_bit_for_bit()
    {
        var (x, y) = Digits(200, 2);
        (History, float[][]) Run()
        {
            var model = Mnist32(seed: 5, recurrentDropout: 0.15);
            model.Compile(new Adam(), new SparseCategoricalCrossentropy(), "accuracy");
            var history = model.Fit(
                x,
                y,
                epochs: 2,
                batchSize: 16,
                validationSplit: 0.25,
                seed: 9,
                verbose: 0
            );
            return (history, model.GetWeights());
        }
        var (h1, w1) = Run();
        var (h2, w2) = Run();
        foreach (var key in h1.Keys)
            Assert.Equal(h1[key], h2[key]);
        Assert.Equal(w1, w2);
    }

    [Fact]
    public void Predict_returns_one_row_per_sample_and_probabilities_sum_to_one()
    {
        var (x, _) = Digits(70, 3);
        var p = Mnist32().Predict(x, batchSize: 32);
        Assert.Equal([70, 10], p.Shape);
        for (int n = 0; n < 70; n++)
            Assert.Equal(1.0, Enumerable.Range(0, 10).Sum(j => p[n, j]), 4);
    }

    [Fact]
    public void Wrong_feature_count_names_the_layer_and_both_shapes()
    {
        var model = Mnist32();
        model.Compile(new Adam(), new SparseCategoricalCrossentropy());
        var e = Assert.Throws<ShapeMismatchException>(() =>
            model.Fit(new Tensor(4, 28, 27), new Tensor(4), verbose: 0)
        );
        Assert.Contains("(None, 28, 28)", e.Message);
        Assert.Contains("(4, 28, 27)", e.Message);
    }

    [Fact]
    public void Label_count_mismatch_and_out_of_range_labels_are_named()
    {
        var model = Mnist32();
        model.Compile(new Adam(), new SparseCategoricalCrossentropy());
        var count = Assert.Throws<ShapeMismatchException>(() =>
            model.Fit(new Tensor(4, 28, 28), new Tensor(3), verbose: 0)
        );
        Assert.Contains("4 inputs", count.Message);
        Assert.Contains("3 targets", count.Message);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() =>
            model.Fit(new Tensor(2, 28, 28), new Tensor([3, 10], 2), shuffle: false, verbose: 0)
        );
        Assert.Contains("label 10 at row 1", range.Message);
    }

    [Fact]
    public void A_nan_loss_stops_training_naming_the_epoch_and_batch()
    {
        var (x, y) = Digits(64, 4);
        x[40, 3, 3] = float.NaN;
        var model = Mnist32();
        model.Compile(new Adam(), new SparseCategoricalCrossentropy());
        var e = Assert.Throws<TrainingDivergedException>(() =>
            model.Fit(x, y, batchSize: 16, shuffle: false, verbose: 0)
        );
        Assert.Equal((1, 3), (e.Epoch, e.Batch));
        Assert.Contains("epoch 1, batch 3", e.Message);
        Assert.Contains("inputs", e.Message);
    }

    [Fact]
    public void Invalid_arguments_are_rejected_with_their_values()
    {
        Assert.Contains(
            "-0.1",
            Assert.Throws<ArgumentOutOfRangeException>(() => new Lstm(4, dropout: -0.1)).Message
        );
        Assert.Contains(
            "1",
            Assert
                .Throws<ArgumentOutOfRangeException>(() => new Lstm(4, recurrentDropout: 1))
                .Message
        );
        Assert.Contains("0", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(0)).Message);
        var model = Mnist32();
        model.Compile(new Adam(), new SparseCategoricalCrossentropy());
        Assert.Contains(
            "batchSize",
            Assert
                .Throws<ArgumentOutOfRangeException>(() =>
                    model.Fit(new Tensor(2, 28, 28), new Tensor(2), batchSize: 0)
                )
                .Message
        );
        var embedding = new Sequential { new Input(3), new Embedding(5, 2) };
        embedding.Compile(new Adam(), new MeanSquaredError());
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            embedding.Predict(new Tensor([1, 2, 7], 1, 3))
        );
        Assert.Contains("token id 7", e.Message);
    }

    [Fact]
    public void Early_stopping_stops_and_restores_the_best_weights()
    {
        var (x, y) = Digits(200, 6);
        var model = Mnist32(seed: 2);
        model.Compile(new Adam(0.05), new SparseCategoricalCrossentropy(), "accuracy");
        // val_loss can never improve by 100, so training stops after patience + 1 epochs
        var stop = new EarlyStopping(
            "val_loss",
            minDelta: 100,
            patience: 1,
            restoreBestWeights: true
        );
        var history = model.Fit(
            x,
            y,
            epochs: 10,
            batchSize: 50,
            validationSplit: 0.2,
            callbacks: [stop],
            verbose: 0
        );
        Assert.Equal(2, history.Epochs.Count);
        Assert.Equal(2, stop.StoppedEpoch);
    }

    [Fact]
    public void Reduce_lr_on_plateau_lowers_the_learning_rate()
    {
        var (x, y) = Digits(100, 7);
        var model = Mnist32();
        model.Compile(new Adam(0.01), new SparseCategoricalCrossentropy());
        var reduce = new ReduceLROnPlateau("loss", factor: 0.5, patience: 1, minDelta: 100);
        var history = model.Fit(x, y, epochs: 3, batchSize: 50, callbacks: [reduce], verbose: 0);
        Assert.Equal([0.01, 0.01, 0.005], history["lr"].Select(v => Math.Round(v, 6)));
    }

    [Fact]
    public void Saved_weights_load_back_exactly_and_checkpoints_are_written_each_epoch()
    {
        string folder = Directory.CreateTempSubdirectory().FullName;
        var (x, y) = Digits(64, 8);
        var model = Mnist32(seed: 3);
        model.Compile(new Adam(), new SparseCategoricalCrossentropy());
        var checkpoint = new ModelCheckpoint(
            Path.Combine(folder, "epoch-{epoch}.safetensors"),
            monitor: "loss"
        );
        model.Fit(x, y, epochs: 2, batchSize: 32, callbacks: [checkpoint], verbose: 0);
        Assert.Equal(2, checkpoint.Saved.Count);

        string path = Path.Combine(folder, "model.safetensors");
        model.SaveWeights(path);
        var copy = Mnist32(seed: 99);
        copy.Compile(new Adam(), new SparseCategoricalCrossentropy());
        copy.LoadWeights(path);
        Assert.Equal(model.GetWeights(), copy.GetWeights());
        Assert.Equal(model.Predict(x).Data, copy.Predict(x).Data);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public void Loading_weights_of_another_shape_names_the_tensor_and_changes_nothing()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "w.safetensors");
        var small = new Sequential { new Input(28, 28), new Lstm(16), new Dense(10) };
        small.Build(28, 28);
        small.SaveWeights(path);
        var model = Mnist32();
        model.Build(28, 28);
        var before = model.GetWeights();
        var e = Assert.Throws<ShapeMismatchException>(() => model.LoadWeights(path));
        Assert.Contains("lstm.weight_ih_l0", e.Message);
        Assert.Contains("(64, 28)", e.Message);
        Assert.Contains("(128, 28)", e.Message);
        Assert.Equal(before, model.GetWeights());
    }
}
