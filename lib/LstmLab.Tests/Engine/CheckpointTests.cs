using LstmLab.IO;
using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Optimizers;
using LstmLab.Tensors;
using LstmLab.Training;

namespace LstmLab.Tests.Engine;

/// <summary>Checkpoints: resuming gives the uninterrupted run's weights bit for bit; a failed write loses nothing.</summary>
public class CheckpointTests
{
    private readonly string folder = Directory.CreateTempSubdirectory().FullName;

    private static Sequential Model()
    {
        var model = new Sequential(seed: 7)
        {
            new Input(12, 6),
            new Lstm(10, recurrentDropout: 0.2),
            new Dropout(0.1),
            new Dense(4, Activation.Softmax),
        };
        model.Compile(new Adam(0.01), new SparseCategoricalCrossentropy(), "accuracy");
        return model;
    }

    private static (Tensor X, Tensor Y) Data()
    {
        var random = new Random(3);
        var x = new Tensor(
            [.. Enumerable.Range(0, 120 * 12 * 6).Select(_ => (float)random.NextDouble())],
            120,
            12,
            6
        );
        var y = new Tensor([.. Enumerable.Range(0, 120).Select(i => (float)(i % 4))], 120);
        return (x, y);
    }

    private History Fit(
        Sequential model,
        int epochs,
        string? resumeFrom = null,
        IEnumerable<Callback>? callbacks = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken token = default
    )
    {
        var (x, y) = Data();
        return model.Fit(
            x,
            y,
            epochs: epochs,
            batchSize: 16,
            validationSplit: 0.2,
            seed: 5,
            callbacks: callbacks,
            progress: progress,
            verbose: 0,
            resumeFrom: resumeFrom,
            cancellationToken: token
        );
    }

    [Fact]
    public void Resuming_after_epoch_2_ends_with_the_uninterrupted_weights_and_history()
    {
        var whole = Model();
        var expected = Fit(whole, 4);

        var first = Model();
        var checkpoint = new ModelCheckpoint(Path.Combine(folder, "epoch-{epoch}.safetensors"));
        Fit(first, 2, callbacks: [checkpoint]);
        var resumed = Model();
        var history = Fit(resumed, 4, resumeFrom: checkpoint.Saved[^1]);

        Assert.Equal(whole.GetWeights(), resumed.GetWeights());
        Assert.Equal(4, history.Epochs.Count);
        foreach (var key in expected.Keys)
            Assert.Equal(expected[key], history[key]);
    }

    [Fact]
    public void An_interrupt_mid_epoch_saves_a_checkpoint_that_resumes_bit_for_bit()
    {
        var whole = Model();
        Fit(whole, 3);

        var interrupted = Model();
        using var stop = new CancellationTokenSource();
        var progress = new Progress(p =>
        {
            if (p is { Epoch: 2, Batch: 3, EpochEnded: false })
                stop.Cancel();
        });
        TrainingInterrupt.CheckpointPath = Path.Combine(folder, "interrupted.safetensors");
        var e = Assert.Throws<TrainingInterruptedException>(() =>
            Fit(interrupted, 3, progress: progress, token: stop.Token)
        );
        Assert.Contains("batch 3/6 of epoch 2", e.Message);
        Assert.True(File.Exists(e.CheckpointPath));

        var resumed = Model();
        var history = Fit(resumed, 3, resumeFrom: e.CheckpointPath);
        Assert.Equal(whole.GetWeights(), resumed.GetWeights());
        Assert.Equal(3, history.Epochs.Count);
    }

    [Fact]
    public void A_write_that_fails_midway_leaves_the_previous_checkpoint_loadable()
    {
        string path = Path.Combine(folder, "model.safetensors");
        var model = Model();
        Fit(model, 1);
        model.Save(path);
        var saved = model.GetWeights();

        Assert.Throws<IOException>(() =>
            AtomicFile.Write(
                path,
                stream =>
                {
                    stream.Write(new byte[100]);
                    throw new IOException("disk full (simulated)");
                }
            )
        );

        var copy = Model();
        copy.Build(12, 6);
        copy.LoadWeights(path);
        Assert.Equal(saved, copy.GetWeights());
        Assert.Single(Directory.GetFiles(folder));
    }

    [Fact]
    public void A_weights_only_file_is_not_accepted_as_a_checkpoint()
    {
        string path = Path.Combine(folder, "weights.safetensors");
        var model = Model();
        model.Build(12, 6);
        model.SaveWeights(path);
        var e = Assert.Throws<InvalidDataException>(() => Fit(Model(), 1, resumeFrom: path));
        Assert.Contains("not an LSTM Lab checkpoint", e.Message);
        Assert.Contains("LoadWeights", e.Message);
    }

    [Fact]
    public void Resuming_with_another_batch_size_or_other_data_is_refused_naming_what_differs()
    {
        string path = Path.Combine(folder, "resume-check.safetensors");
        Fit(Model(), 1, callbacks: [new ModelCheckpoint(path)]);

        var (x, y) = Data();
        var resumed = Model();
        var before = resumed.GetWeights();
        var batch = Assert.Throws<ArgumentException>(() =>
            resumed.Fit(
                x,
                y,
                epochs: 2,
                batchSize: 32,
                validationSplit: 0.2,
                verbose: 0,
                resumeFrom: path
            )
        );
        Assert.Equal(
            $"{path} cannot be resumed by this Fit: the checkpoint was written with batch size 16, this Fit has 32; "
                + "6 steps per epoch, this Fit has 3. Resume with the same training data (and validationSplit) and batchSize; "
                + "or, to start new training from its weights, call LoadWeights(path) and Fit without resumeFrom.",
            batch.Message
        );
        Assert.Equal(before, resumed.GetWeights()); // nothing was loaded
        var data = Assert.Throws<ArgumentException>(() =>
            resumed.Fit(
                x.Slice(0, 60),
                y.Slice(0, 60),
                epochs: 2,
                batchSize: 16,
                verbose: 0,
                resumeFrom: path
            )
        );
        Assert.Contains(
            "the checkpoint was written with 96 training samples, this Fit has 60; 6 steps per epoch, this Fit has 4.",
            data.Message
        );
    }

    [Fact]
    public void A_checkpoint_that_cannot_be_written_at_an_interrupt_is_part_of_the_interrupt_message()
    {
        string blocked = Path.Combine(folder, "a-folder-in-the-way");
        Directory.CreateDirectory(blocked);
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        TrainingInterrupt.CheckpointPath = blocked;
        var e = Assert.Throws<TrainingInterruptedException>(() =>
            Fit(Model(), 2, token: stop.Token)
        );
        Assert.StartsWith(
            "Training stopped on request after batch 1/6 of epoch 1. The checkpoint could not be saved, "
                + $"so this training cannot be resumed: Could not write {blocked}: ",
            e.Message
        );
        Assert.Null(e.CheckpointPath);
        Assert.IsType<IOException>(e.InnerException);
        Assert.Equal([blocked], Directory.GetFileSystemEntries(folder));
    }

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
