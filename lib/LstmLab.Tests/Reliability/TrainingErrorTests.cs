using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Optimizers;
using LstmLab.Tensors;
using LstmLab.Training;

namespace LstmLab.Tests.Reliability;

/// <summary>
/// Training that cannot go on: the error names the epoch and batch and says what to try.
/// (SequentialTests holds the first one: NaN in the inputs.)
/// </summary>
public class TrainingErrorTests
{
    /// <summary>A regression of 3 steps of 1 feature: 8 samples whose targets are 100.</summary>
    private static (Tensor X, Tensor Y) Series()
    {
        var x = new Tensor(8, 3, 1);
        for (int i = 0; i < x.Length; i++)
            x.Data[i] = i % 5;
        var y = new Tensor(8, 1);
        Array.Fill(y.Data, 100f);
        return (x, y);
    }

    private static Sequential Regressor(Optimizer optimizer)
    {
        var model = new Sequential(seed: 3) { new Input(3, 1), new Lstm(4), new Dense(1) };
        model.Compile(optimizer, new MeanSquaredError());
        return model;
    }

    [Fact]
    public void Exploding_gradients_without_clipping_name_the_batch_and_suggest_clipNorm()
    {
        var (x, y) = Series();
        var e = Assert.Throws<TrainingDivergedException>(() =>
            Regressor(new Sgd(learningRate: 5))
                .Fit(x, y, epochs: 50, batchSize: 4, shuffle: false, verbose: 0)
        );
        Assert.StartsWith($"The loss became ", e.Message);
        Assert.Contains($"at epoch {e.Epoch}, batch {e.Batch}.", e.Message);
        Assert.Contains("The gradient norm at the previous step was ", e.Message);
        Assert.Contains(
            "Try a lower learning rate, or clip gradients (new Adam(clipNorm: 1.0)).",
            e.Message
        );
    }

    [Fact]
    public void Nan_in_the_targets_names_the_targets_epoch_and_batch()
    {
        var (x, y) = Series();
        y[5, 0] = float.NaN;
        var e = Assert.Throws<TrainingDivergedException>(() =>
            Regressor(new Adam()).Fit(x, y, batchSize: 4, shuffle: false, verbose: 0)
        );
        Assert.Equal((1, 2), (e.Epoch, e.Batch));
        Assert.Equal(
            "The loss became NaN at epoch 1, batch 2. The targets of this batch contain NaN or infinite values.",
            e.Message
        );
    }

    [Fact]
    public void A_callback_monitoring_a_missing_value_lists_the_logs_there_are()
    {
        var (x, y) = Series();
        var e = Assert.Throws<KeyNotFoundException>(() =>
            Regressor(new Adam()).Fit(x, y, callbacks: [new EarlyStopping("val_loss")], verbose: 0)
        );
        Assert.Equal(
            "Callback monitors 'val_loss', but the epoch logs have only: loss. "
                + "(val_* values need validationSplit or validationData.)",
            e.Message
        );
    }

    [Fact]
    public void Reduce_lr_factor_of_1_is_named()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ReduceLROnPlateau("loss", factor: 1)
        );
        Assert.StartsWith("factor must be in (0, 1), got 1.", e.Message);
    }

    [Fact]
    public void Infinite_input_names_the_inputs()
    {
        var (x, y) = Series();
        x[0, 1, 0] = float.PositiveInfinity;
        var e = Assert.Throws<TrainingDivergedException>(() =>
            Regressor(new Adam()).Fit(x, y, batchSize: 4, shuffle: false, verbose: 0)
        );
        Assert.Equal((1, 1), (e.Epoch, e.Batch));
        Assert.EndsWith(
            "at epoch 1, batch 1. The inputs of this batch contain NaN or infinite values.",
            e.Message
        );
    }
}
