using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Optimizers;
using LstmLab.Tensors;
using LstmLab.Tests.Data;
using LstmLab.Training;

namespace LstmLab.Tests.Reliability;

/// <summary>
/// Saving, loading and building with values a student may try: errors name the student's own file,
/// layer and sizes, never our temporary file or a bare overflow.
/// </summary>
public class SaveAndBuildErrorTests
{
    private static Sequential Classifier()
    {
        var model = new Sequential(seed: 3)
        {
            new Input(5, 3),
            new Lstm(4),
            new Dense(2, Activation.Softmax),
        };
        model.Compile(new Adam(), new SparseCategoricalCrossentropy());
        return model;
    }

    [Fact]
    public void A_failing_write_names_the_file_asked_for_not_the_temporary_one()
    {
        // sysfs refuses to create files, even for root: the temporary file cannot be made.
        var model = Classifier();
        void Refused(string path, Action save)
        {
            var e = Assert.Throws<UnauthorizedAccessException>(save);
            Assert.Equal(
                $"Could not write {path}: Access to the path '{path}' is denied (nothing was written).",
                e.Message
            );
        }
        Refused("/sys/model.safetensors", () => model.SaveWeights("/sys/model.safetensors"));
        Refused("/sys/checkpoint.safetensors", () => model.Save("/sys/checkpoint.safetensors"));
        Refused(
            "/sys/epoch-1.safetensors",
            () =>
                model.Fit(
                    new Tensor(4, 5, 3),
                    new Tensor(4),
                    callbacks: [new ModelCheckpoint("/sys/epoch-{epoch}.safetensors")],
                    verbose: 0
                )
        );
    }

    [Fact]
    public void Weights_save_under_a_long_file_name_that_the_system_accepts()
    {
        using var temp = new TempFolder();
        string path = temp.File(new string('w', 230) + ".safetensors"); // 242 bytes; the limit is 255
        var model = Classifier();
        model.SaveWeights(path);
        var copy = Classifier();
        copy.LoadWeights(path);
        Assert.Equal(model.GetWeights(), copy.GetWeights());
    }

    [Fact]
    public void Weights_load_into_a_model_with_an_input_layer_that_was_never_compiled()
    {
        using var temp = new TempFolder();
        string path = temp.File("weights.safetensors");
        var trained = Classifier();
        trained.SaveWeights(path);
        var fresh = new Sequential(seed: 9)
        {
            new Input(5, 3),
            new Lstm(4),
            new Dense(2, Activation.Softmax),
        };
        fresh.LoadWeights(path);
        Assert.Equal(trained.GetWeights(), fresh.GetWeights());
    }

    [Fact]
    public void Weights_cannot_load_into_a_model_without_a_shape_and_the_message_says_how_to_give_one()
    {
        using var temp = new TempFolder();
        string path = temp.File("weights.safetensors");
        Classifier().SaveWeights(path);
        var e = Assert.Throws<InvalidOperationException>(() =>
            new Sequential { new Lstm(4), new Dense(2) }.LoadWeights(path)
        );
        Assert.Equal(
            "The model has no weights yet: start it with new Input(shape…) or call Build(shape…) before LoadWeights.",
            e.Message
        );
    }

    [Fact]
    public void An_lstm_too_large_for_one_tensor_names_the_layer_the_weight_and_its_size()
    {
        var model = new Sequential { new Input(28, 28), new Lstm(100000), new Dense(10) };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            model.Compile(new Adam(), new SparseCategoricalCrossentropy())
        );
        Assert.StartsWith(
            "Lstm layer 'lstm' cannot be built: its parameter weight_hh_l0 of shape (400000, 100000) would hold "
                + "40,000,000,000 values; one tensor holds at most 2,147,483,591. Use a smaller layer.",
            e.Message
        );
    }

    [Fact]
    public void A_tensor_too_large_for_one_array_names_its_shape_and_size()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Tensor(100000, 100000));
        Assert.StartsWith(
            "A tensor of shape (100000, 100000) would hold 10,000,000,000 values; one tensor holds at most 2,147,483,591.",
            e.Message
        );
        var huge = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new Tensor(int.MaxValue, int.MaxValue, int.MaxValue)
        );
        Assert.Contains("would hold more than 9.2e18 values", huge.Message);
    }

    [Fact]
    public void A_label_out_of_range_is_named_by_its_row_in_the_dataset_after_shuffling()
    {
        var model = Classifier();
        var y = new Tensor([.. Enumerable.Range(0, 100).Select(i => i == 57 ? 12f : i % 2)], 100);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            model.Fit(new Tensor(100, 5, 3), y, batchSize: 16, seed: 4, verbose: 0)
        );
        Assert.Matches(
            @"^sparse_categorical_crossentropy: label 12 at row 57 of the training data \(epoch 1, batch [1-7]\) is not a class index in \[0, 2\)\.",
            e.Message
        );
    }

    [Fact]
    public void A_bad_validation_label_is_named_by_its_row_in_the_validation_data()
    {
        var model = Classifier();
        var validation = (new Tensor(10, 5, 3), new Tensor([0, 1, 0, 1, 0, 1, 0, 5, 0, 1], 10));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            model.Fit(
                new Tensor(8, 5, 3),
                new Tensor(8),
                batchSize: 4,
                validationData: validation,
                verbose: 0
            )
        );
        Assert.StartsWith(
            "sparse_categorical_crossentropy: label 5 at row 7 of the validation data is not a class index in [0, 2).",
            e.Message
        );
    }

    [Fact]
    public void A_token_id_past_the_vocabulary_is_named_by_its_row_in_the_dataset()
    {
        var model = new Sequential(seed: 1)
        {
            new Input(3),
            new Embedding(5, 2),
            new Lstm(2),
            new Dense(1, Activation.Sigmoid),
        };
        model.Compile(new Adam(), new BinaryCrossentropy());
        var x = new Tensor(10, 3);
        x[6, 2] = 7;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            model.Fit(x, new Tensor(10, 1), batchSize: 4, shuffle: false, verbose: 0)
        );
        Assert.StartsWith(
            "Embedding layer 'embedding': token id 7 at row 6 of the training data (epoch 1, batch 2), step 2 is not a whole number in [0, 5).",
            e.Message
        );
    }
}
