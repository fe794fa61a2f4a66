using LstmLab.Data;
using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Notebooks.Formatting;
using LstmLab.Optimizers;
using LstmLab.Tensors;

namespace LstmLab.Tests.Display;

/// <summary>
/// A model, a data split and a tensor shown in a notebook (through the kernel's formatter convention,
/// as <c>lstmlab run</c> finds it) are short views of ours, not the kernel's dump of every member.
/// </summary>
public class RichDisplayTests
{
    private readonly KernelConventionFormatter formatter = new();

    [Fact]
    public void A_tensor_shows_its_shape_range_mean_and_a_corner_of_its_values()
    {
        var tensor = new Tensor(3, 6, 10);
        for (int i = 0; i < tensor.Length; i++)
            tensor.Data[i] = i / 100f;

        var shown = formatter.Format(tensor);

        Assert.Equal("Tensor(3, 6, 10)", shown.PlainText);
        Assert.Contains("(3, 6, 10): 180 values in [0, 1.79], mean 0.895", shown.Html);
        Assert.Contains("<caption>values [0, :5, :8]</caption>", shown.Html);
        // Row 0 of sample 0 starts 0, 0.01 …; eight columns, then "…"; five rows, then "⋮".
        Assert.Contains("<tr><td>0</td><td>0.01</td><td>0.02</td>", shown.Html);
        Assert.Equal(5, CountOf(shown.Html!, "<td>…</td>"));
        Assert.Equal(9, CountOf(shown.Html!, "<td>⋮</td>"));
        Assert.DoesNotContain("0.08", shown.Html);
    }

    [Fact]
    public void A_tensor_with_non_finite_values_counts_them_apart()
    {
        var tensor = new Tensor([1f, float.NaN, -2f, float.PositiveInfinity], 4);

        string html = formatter.Format(tensor).Html!;

        Assert.Contains("(4,): 4 values in [-2, 1], mean -0.5, 2 of them NaN or infinite", html);
        Assert.Contains("<caption>values [:4]</caption>", html);
    }

    [Fact]
    public void A_data_split_shows_its_rows_and_both_tensors()
    {
        var x = new Tensor(4, 2, 3);
        var y = new Tensor([0f, 1f, 1f, 0f], 4);

        var shown = formatter.Format(new LabelledData(x, y));

        Assert.Equal("4 rows: X (4, 2, 3), Y (4,)", shown.PlainText);
        Assert.Contains("4 rows of inputs X and targets Y", shown.Html);
        Assert.Contains("<dt>X (4, 2, 3): 24 values in [0, 0], mean 0</dt>", shown.Html);
        Assert.Contains("<dt>Y (4,): 4 values in [0, 1], mean 0.5</dt>", shown.Html);
    }

    [Fact]
    public void A_built_model_shows_its_setup_and_summary()
    {
        var model = new Sequential(7)
        {
            new Input(28, 28),
            new Lstm(32),
            new Dense(10, Activation.Softmax),
        };
        model.Compile(new Adam(0.002), new SparseCategoricalCrossentropy(), "accuracy");

        var shown = formatter.Format(model);

        Assert.Contains(
            "seed 7, 2 layers, compiled with Adam (learning rate 0.002), loss sparse_categorical_crossentropy, metrics: accuracy",
            shown.Html
        );
        // LSTM 32 on 28 inputs: 4·32·(28 + 32) + 2·4·32 = 7,936 parameters; Dense 32 → 10: 330.
        Assert.Contains("8,266", shown.Html);
        Assert.Contains("8,266", shown.PlainText);
        Assert.True(shown.Html!.Length < 5_000, $"{shown.Html.Length} characters");
    }

    [Fact]
    public void Showing_a_model_that_is_not_built_lists_its_layers_and_leaves_it_unbuilt()
    {
        var model = new Sequential(1) { new Lstm(8) };

        var shown = formatter.Format(model);
        model.Add(new Dense(1));

        Assert.Contains("not compiled", shown.Html);
        Assert.Contains("Not built yet", shown.Html);
        Assert.Contains("(Lstm)", shown.Html);
        Assert.Equal(2, model.Count());
        Assert.All(model, layer => Assert.False(layer.IsBuilt));
    }

    private static int CountOf(string text, string part) =>
        (text.Length - text.Replace(part, "").Length) / part.Length;
}
