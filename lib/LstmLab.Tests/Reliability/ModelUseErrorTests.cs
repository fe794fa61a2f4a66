using LstmLab.Data;
using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Optimizers;
using LstmLab.Tensors;
using LstmLab.Tests.Data;

namespace LstmLab.Tests.Reliability;

/// <summary>
/// A model used with data or arguments it cannot take: each fails with an exception whose message
/// names the layer (or argument) and the expected and the actual value. (SequentialTests holds the
/// first ones: wrong feature count in Fit, label count and range, token id past the vocabulary,
/// negative dropout, recurrent dropout 1, learning rate 0, batch size 0, weights of another shape.)
/// </summary>
public class ModelUseErrorTests
{
    /// <summary>Sequences of 5 steps of 3 features into 4 classes.</summary>
    private static Sequential Classifier(bool withInput = true)
    {
        var model = new Sequential(seed: 1);
        if (withInput)
            model.Add(new Input(5, 3));
        model.Add(new Lstm(4));
        model.Add(new Dense(4, Activation.Softmax));
        model.Compile(new Adam(), new SparseCategoricalCrossentropy());
        return model;
    }

    [Fact]
    public void Input_of_the_wrong_rank_names_the_layer_and_both_shapes()
    {
        var e = Assert.Throws<ShapeMismatchException>(() =>
            Classifier().Fit(new Tensor(2, 5), new Tensor(2), verbose: 0)
        );
        Assert.Equal(
            "Layer 'lstm' (Lstm) expects training inputs of shape (None, 5, 3), but got (2, 5).",
            e.Message
        );
    }

    [Fact]
    public void Input_of_the_wrong_rank_without_an_input_layer_names_the_lstm()
    {
        var e = Assert.Throws<ShapeMismatchException>(() =>
            Classifier(withInput: false).Fit(new Tensor(2, 5), new Tensor(2), verbose: 0)
        );
        Assert.Equal("Lstm layer 'lstm' takes (steps, features) items, got (None, 5).", e.Message);
    }

    [Fact]
    public void Evaluate_with_the_wrong_feature_count_names_the_layer()
    {
        var e = Assert.Throws<ShapeMismatchException>(() =>
            Classifier().Evaluate(new Tensor(2, 5, 4), new Tensor(2))
        );
        Assert.Equal(
            "Layer 'lstm' (Lstm) expects evaluation inputs of shape (None, 5, 3), but got (2, 5, 4).",
            e.Message
        );
    }

    [Fact]
    public void Negative_and_fractional_labels_are_named_with_their_row()
    {
        var model = Classifier();
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() =>
            model.Fit(new Tensor(2, 5, 3), new Tensor([0, -1], 2), shuffle: false, verbose: 0)
        );
        Assert.StartsWith(
            "sparse_categorical_crossentropy: label -1 at row 1 of the training data (epoch 1, batch 1) is not a class index in [0, 4).",
            negative.Message
        );
        var fraction = Assert.Throws<ArgumentOutOfRangeException>(() =>
            model.Fit(new Tensor(2, 5, 3), new Tensor([1.5f, 0], 2), shuffle: false, verbose: 0)
        );
        Assert.StartsWith(
            "sparse_categorical_crossentropy: label 1.5 at row 0 of the training data (epoch 1, batch 1) is not a class index in [0, 4).",
            fraction.Message
        );
    }

    [Fact]
    public void Binary_target_outside_0_1_names_its_position()
    {
        var model = new Sequential(seed: 1)
        {
            new Input(5, 3),
            new Lstm(4),
            new Dense(1, Activation.Sigmoid),
        };
        model.Compile(new Adam(), new BinaryCrossentropy());
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            model.Fit(new Tensor(2, 5, 3), new Tensor([1, 2], 2, 1), shuffle: false, verbose: 0)
        );
        Assert.StartsWith(
            "binary_crossentropy: target 2 at row 1 of the training data (epoch 1, batch 1) is not in [0, 1].",
            e.Message
        );
    }

    [Fact]
    public void Regression_targets_of_another_width_name_both_shapes()
    {
        var model = new Sequential(seed: 1) { new Input(5, 3), new Lstm(4), new Dense(1) };
        model.Compile(new Adam(), new MeanSquaredError());
        var e = Assert.Throws<ShapeMismatchException>(() =>
            model.Fit(new Tensor(2, 5, 3), new Tensor(2, 2), verbose: 0)
        );
        Assert.Contains("mean_squared_error: predictions of shape (2, 1)", e.Message);
        Assert.Contains("the targets have shape (2, 2)", e.Message);
    }

    [Fact]
    public void Token_id_equal_to_the_vocabulary_size_names_the_layer_sequence_and_step()
    {
        var model = new Sequential(seed: 1)
        {
            new Input(3),
            new Embedding(5, 2),
            new Lstm(2),
            new Dense(1, Activation.Sigmoid),
        };
        model.Compile(new Adam(), new BinaryCrossentropy());
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            model.Fit(
                new Tensor([1, 2, 3, 4, 5, 0], 2, 3),
                new Tensor(2, 1),
                shuffle: false,
                verbose: 0
            )
        );
        Assert.StartsWith(
            "Embedding layer 'embedding': token id 5 at row 1 of the training data (epoch 1, batch 1), step 1 is not a whole number in [0, 5).",
            e.Message
        );
    }

    [Fact]
    public void Features_given_to_an_embedding_name_the_expected_token_ids()
    {
        var model = new Sequential(seed: 1) { new Embedding(5, 2), new Lstm(2), new Dense(1) };
        model.Compile(new Adam(), new MeanSquaredError());
        var e = Assert.Throws<ShapeMismatchException>(() =>
            model.Fit(new Tensor(2, 3, 4), new Tensor(2, 1), verbose: 0)
        );
        Assert.Equal(
            "Embedding layer 'embedding' takes (steps) token ids per item, got (None, 3, 4).",
            e.Message
        );
    }

    [Fact]
    public void Batch_size_0_in_predict_and_evaluate_says_it_must_be_at_least_1()
    {
        var model = Classifier();
        var predict = Assert.Throws<ArgumentOutOfRangeException>(() =>
            model.Predict(new Tensor(2, 5, 3), batchSize: 0)
        );
        Assert.StartsWith("batchSize must be ≥ 1, got 0.", predict.Message);
        var evaluate = Assert.Throws<ArgumentOutOfRangeException>(() =>
            model.Evaluate(new Tensor(2, 5, 3), new Tensor(2), batchSize: -4)
        );
        Assert.StartsWith("batchSize must be ≥ 1, got -4.", evaluate.Message);
    }

    [Fact]
    public void Maxlen_0_is_rejected_before_any_data_is_read()
    {
        var pad = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Sequences.PadSequences(
                [
                    [1, 2, 3],
                ],
                maxlen: 0
            )
        );
        Assert.StartsWith(
            "maxlen is the number of tokens kept per sequence and must be ≥ 1, got 0.",
            pad.Message
        );
        using var temp = new TempFolder();
        var load = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Imdb.Load(maxlen: 0, source: temp.File("not-read.tar.gz"))
        );
        Assert.Equal("maxlen", load.ParamName);
        Assert.Contains("got 0", load.Message);
    }

    [Fact]
    public void Dropout_of_1_or_more_or_nan_names_the_argument_and_value()
    {
        Assert.StartsWith(
            "rate must be in [0, 1), got 1.",
            Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1)).Message
        );
        Assert.StartsWith(
            "dropout must be in [0, 1), got 1.5.",
            Assert.Throws<ArgumentOutOfRangeException>(() => new Lstm(4, dropout: 1.5)).Message
        );
        Assert.StartsWith(
            "recurrentDropout must be in [0, 1), got NaN.",
            Assert
                .Throws<ArgumentOutOfRangeException>(() =>
                    new Lstm(4, recurrentDropout: double.NaN)
                )
                .Message
        );
    }

    [Fact]
    public void Negative_nan_or_infinite_learning_rates_are_named()
    {
        foreach (double rate in new[] { -0.1, double.NaN, double.PositiveInfinity })
            Assert.StartsWith(
                $"The learning rate must be a positive number, got {rate}.",
                Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(rate)).Message
            );
    }

    [Fact]
    public void Clip_norm_of_0_is_named()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(clipNorm: 0));
        Assert.StartsWith("clipNorm must be positive, got 0.", e.Message);
    }

    [Fact]
    public void Layers_without_units_are_named()
    {
        Assert.StartsWith(
            "Lstm needs at least one unit, got 0.",
            Assert.Throws<ArgumentOutOfRangeException>(() => new Lstm(0)).Message
        );
        Assert.StartsWith(
            "Dense needs at least one unit, got -1.",
            Assert.Throws<ArgumentOutOfRangeException>(() => new Dense(-1)).Message
        );
    }

    [Fact]
    public void Fit_before_compile_says_what_to_call()
    {
        var model = new Sequential { new Input(5, 3), new Lstm(4), new Dense(4) };
        var e = Assert.Throws<InvalidOperationException>(() =>
            model.Fit(new Tensor(2, 5, 3), new Tensor(2), verbose: 0)
        );
        Assert.Equal(
            "The model is not compiled: call Compile(optimizer, loss, metrics…) first.",
            e.Message
        );
    }

    [Fact]
    public void Validation_split_of_1_or_one_that_holds_out_nothing_is_named()
    {
        var model = Classifier();
        var whole = Assert.Throws<ArgumentOutOfRangeException>(() =>
            model.Fit(new Tensor(5, 5, 3), new Tensor(5), validationSplit: 1, verbose: 0)
        );
        Assert.StartsWith("validationSplit must be in [0, 1), got 1.", whole.Message);
        var none = Assert.Throws<ArgumentException>(() =>
            model.Fit(new Tensor(5, 5, 3), new Tensor(5), validationSplit: 0.1, verbose: 0)
        );
        Assert.Equal(
            "validationSplit 0.1 of 5 samples leaves 5 for training and 0 for validation.",
            none.Message
        );
    }

    [Fact]
    public void Loading_weights_from_a_truncated_file_names_the_file_and_changes_nothing()
    {
        using var temp = new TempFolder();
        string path = temp.File("model.safetensors");
        var model = Classifier();
        model.SaveWeights(path);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^4]);
        var before = model.GetWeights();
        var e = Assert.Throws<InvalidDataException>(() => model.LoadWeights(path));
        Assert.StartsWith($"{path} is not a valid safetensors file: tensor ", e.Message);
        Assert.Contains("(truncated file?)", e.Message);
        Assert.Equal(before, model.GetWeights());
    }

    [Fact]
    public void Predict_with_the_wrong_feature_count_names_the_layer_and_both_shapes()
    {
        var e = Assert.Throws<ShapeMismatchException>(() =>
            Classifier().Predict(new Tensor(2, 5, 4))
        );
        Assert.Contains("'lstm'", e.Message);
        Assert.Contains("(None, 5, 3)", e.Message);
        Assert.Contains("(2, 5, 4)", e.Message);
    }
}
