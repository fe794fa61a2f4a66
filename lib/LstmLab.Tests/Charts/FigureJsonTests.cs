using System.Text.Json;
using System.Text.Json.Nodes;
using LstmLab.Charts;
using LstmLab.Tensors;

namespace LstmLab.Tests.Charts;

public class FigureJsonTests
{
    private static JsonElement Parse(Figure figure) =>
        JsonDocument.Parse(figure.ToJson()).RootElement;

    private static JsonElement Trace(JsonElement figure, int i) => figure.GetProperty("data")[i];

    private static JsonElement Layout(JsonElement figure) => figure.GetProperty("layout");

    [Fact]
    public void Line_has_one_named_trace_per_series_against_epochs()
    {
        float[] train = [0.7f, 0.5f, 0.4f];
        double[] validation = [0.8, 0.6, 0.55];

        var figure = Chart.Line(("train", train), ("validation", validation));
        var json = Parse(figure);

        Assert.Equal(2, figure.TraceCount);

        Assert.Equal(2, json.GetProperty("data").GetArrayLength());
        Assert.Equal("train", Trace(json, 0).GetProperty("name").GetString());
        Assert.Equal("validation", Trace(json, 1).GetProperty("name").GetString());
        Assert.Equal(
            [1.0, 2.0, 3.0],
            Trace(json, 0).GetProperty("x").EnumerateArray().Select(v => v.GetDouble())
        );
        Assert.Equal(0.55, Trace(json, 1).GetProperty("y")[2].GetDouble(), 12);
        Assert.Equal("scatter", Trace(json, 0).GetProperty("type").GetString());
        Assert.Equal("lines+markers", Trace(json, 0).GetProperty("mode").GetString());
    }

    [Fact]
    public void Line_writes_non_finite_values_as_gaps()
    {
        var json = Parse(
            Chart.Line([0, 10, 20], ("loss", [0.5, double.NaN, double.PositiveInfinity]))
        );

        var y = Trace(json, 0).GetProperty("y");
        Assert.Equal(JsonValueKind.Number, y[0].ValueKind);
        Assert.Equal(JsonValueKind.Null, y[1].ValueKind);
        Assert.Equal(JsonValueKind.Null, y[2].ValueKind);
        Assert.Equal(20, Trace(json, 0).GetProperty("x")[2].GetDouble());
    }

    [Fact]
    public void Line_rejects_a_series_longer_than_x()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Chart.Line([1.0, 2.0], ("loss", [1.0, 2.0, 3.0]))
        );
        Assert.Contains("'loss' has 3 values but x has only 2", error.Message);
    }

    [Fact]
    public void Titles_and_axis_labels_go_to_the_layout_and_leave_the_original_alone()
    {
        var plain = Chart.Line(("loss", [1.0, 0.5]));

        var titled = plain
            .WithTitle("Loss")
            .WithXAxis("epoch")
            .WithYAxis("loss", logScale: true)
            .WithSize(640, 360);

        var layout = Layout(Parse(titled));
        Assert.Equal("Loss", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal(
            "epoch",
            layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString()
        );
        Assert.Equal(
            "loss",
            layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString()
        );
        Assert.Equal("log", layout.GetProperty("yaxis").GetProperty("type").GetString());
        Assert.Equal(640, layout.GetProperty("width").GetInt32());
        Assert.Equal(360, layout.GetProperty("height").GetInt32());
        Assert.False(Layout(Parse(plain)).TryGetProperty("title", out _));
    }

    [Fact]
    public void Scatter_draws_markers_only()
    {
        var json = Parse(Chart.Scatter([1, 2, 3], [3, 1, 2], "points"));

        Assert.Equal("markers", Trace(json, 0).GetProperty("mode").GetString());
        Assert.Equal("points", Trace(json, 0).GetProperty("name").GetString());
        Assert.Throws<ArgumentException>(() => Chart.Scatter([1, 2], [1]));
    }

    [Fact]
    public void Bar_groups_one_trace_per_series_over_categories()
    {
        var json = Parse(
            Chart.Bar(["LSTM", "GRU"], ("accuracy", [0.9, 0.8]), ("F1", [0.85, 0.75]))
        );

        Assert.Equal(2, json.GetProperty("data").GetArrayLength());
        Assert.Equal("bar", Trace(json, 1).GetProperty("type").GetString());
        Assert.Equal("GRU", Trace(json, 1).GetProperty("x")[1].GetString());
        Assert.Equal("group", Layout(json).GetProperty("barmode").GetString());
        var error = Assert.Throws<ArgumentException>(() =>
            Chart.Bar(["a", "b"], ("accuracy", [0.9]))
        );
        Assert.Contains("'accuracy' has 1 values but there are 2 categories", error.Message);
    }

    [Fact]
    public void Heatmap_rows_are_z_rows_with_row_zero_on_top()
    {
        var z = new double[,]
        {
            { 1, 2, 3 },
            { 4, 5, 6 },
        };

        var json = Parse(Chart.Heatmap(z, ["a", "b", "c"], ["first", "second"], "Greys"));

        var trace = Trace(json, 0);
        Assert.Equal("heatmap", trace.GetProperty("type").GetString());
        Assert.Equal(2, trace.GetProperty("z").GetArrayLength());
        Assert.Equal(6, trace.GetProperty("z")[1][2].GetDouble());
        Assert.Equal("Greys", trace.GetProperty("colorscale").GetString());
        Assert.Equal("second", trace.GetProperty("y")[1].GetString());
        Assert.Equal(
            "reversed",
            Layout(json).GetProperty("yaxis").GetProperty("autorange").GetString()
        );
        Assert.Equal("category", Layout(json).GetProperty("xaxis").GetProperty("type").GetString());
    }

    [Fact]
    public void Heatmap_of_a_tensor_reads_it_row_major_and_checks_labels()
    {
        var gates = new Tensor([1, 2, 3, 4, 5, 6], 3, 2);

        var json = Parse(Chart.Heatmap(gates));

        Assert.Equal(3, Trace(json, 0).GetProperty("z").GetArrayLength());
        Assert.Equal(4, Trace(json, 0).GetProperty("z")[1][1].GetDouble());
        var labels = Assert.Throws<ArgumentException>(() => Chart.Heatmap(gates, x: ["only one"]));
        Assert.Contains("x (columns) has 1 labels but z has 2", labels.Message);
        var rank = Assert.Throws<ArgumentException>(() => Chart.Heatmap(new Tensor(2, 2, 2)));
        Assert.Contains("(2, 2, 2)", rank.Message);
    }

    [Fact]
    public void Grid_gives_each_series_name_one_colour_and_one_legend_entry()
    {
        var loss = Chart.Line(("train", [1.0, 0.5]), ("validation", [1.1, 0.7]));
        var accuracy = Chart.Line(("train", [0.5, 0.9]), ("validation", [0.4, 0.8]));

        var traces = Parse(Chart.Grid(1, 2, loss, accuracy))
            .GetProperty("data")
            .EnumerateArray()
            .ToArray();

        string Colour(int i) => traces[i].GetProperty("line").GetProperty("color").GetString()!;
        Assert.Equal(Colour(0), Colour(2));
        Assert.Equal(Colour(1), Colour(3));
        Assert.NotEqual(Colour(0), Colour(1));
        Assert.Equal(Colour(0), traces[2].GetProperty("marker").GetProperty("color").GetString());
        Assert.Equal(
            [true, true, false, false],
            traces.Select(t => t.GetProperty("showlegend").GetBoolean())
        );
        Assert.Equal(
            ["train", "validation", "train", "validation"],
            traces.Select(t => t.GetProperty("legendgroup").GetString())
        );
    }

    [Fact]
    public void Grid_puts_each_figure_on_its_own_axes()
    {
        var loss = Chart
            .Line(("train", [1.0, 0.5]), ("validation", [1.1, 0.7]))
            .WithTitle("Loss")
            .WithYAxis("loss");
        var accuracy = Chart.Line(("accuracy", [0.5, 0.9])).WithXAxis("epoch");
        var gates = Chart
            .Heatmap(
                new double[,]
                {
                    { 0.1, 0.9 },
                }
            )
            .WithTitle("Gates");

        var json = Parse(Chart.Grid(2, 2, loss, accuracy, gates));

        Assert.Equal(4, json.GetProperty("data").GetArrayLength());
        string[] xaxes = json.GetProperty("data")
            .EnumerateArray()
            .Select(t => t.GetProperty("xaxis").GetString()!)
            .ToArray();
        Assert.Equal(["x", "x", "x2", "x3"], xaxes);
        Assert.Equal("y3", Trace(json, 3).GetProperty("yaxis").GetString());
        Assert.False(Trace(json, 3).GetProperty("showscale").GetBoolean());
        var layout = Layout(json);
        Assert.Equal(2, layout.GetProperty("grid").GetProperty("rows").GetInt32());
        Assert.Equal(2, layout.GetProperty("grid").GetProperty("columns").GetInt32());
        Assert.Equal("independent", layout.GetProperty("grid").GetProperty("pattern").GetString());
        Assert.Equal(
            "loss",
            layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString()
        );
        Assert.Equal(
            "epoch",
            layout.GetProperty("xaxis2").GetProperty("title").GetProperty("text").GetString()
        );
        Assert.Equal("reversed", layout.GetProperty("yaxis3").GetProperty("autorange").GetString());
        var titles = layout.GetProperty("annotations").EnumerateArray().ToArray();
        Assert.Equal(["Loss", "Gates"], titles.Select(a => a.GetProperty("text").GetString()));
        Assert.Equal("x3 domain", titles[1].GetProperty("xref").GetString());
    }

    [Fact]
    public void Grid_renames_axis_references_inside_subplots()
    {
        var square = Chart
            .Heatmap(
                new double[,]
                {
                    { 1 },
                }
            )
            .WithLayout(l => l["xaxis"] = new JsonObject { ["scaleanchor"] = "y" });

        var layout = Layout(Parse(Chart.Grid(1, 2, square, square)));

        Assert.Equal("y", layout.GetProperty("xaxis").GetProperty("scaleanchor").GetString());
        Assert.Equal("y2", layout.GetProperty("xaxis2").GetProperty("scaleanchor").GetString());
    }

    [Fact]
    public void Grid_rejects_more_figures_than_cells()
    {
        var line = Chart.Line(("a", [1.0]));
        var error = Assert.Throws<ArgumentException>(() => Chart.Grid(1, 2, line, line, line));
        Assert.Contains("3 figures do not fit in 1 × 2 = 2 cells", error.Message);
    }

    [Fact]
    public void Overlay_keeps_every_trace_and_the_first_layout()
    {
        var runA = Chart.Line(("run A", [1.0, 0.6])).WithTitle("Validation loss");
        var runB = Chart.Line(("run B", [1.0, 0.4]));

        var json = Parse(Chart.Overlay(runA, runB));

        Assert.Equal(2, json.GetProperty("data").GetArrayLength());
        Assert.Equal("run B", Trace(json, 1).GetProperty("name").GetString());
        Assert.Equal(
            "Validation loss",
            Layout(json).GetProperty("title").GetProperty("text").GetString()
        );
    }

    [Fact]
    public void Confusion_matrix_counts_actual_rows_against_predicted_columns()
    {
        int[] actual = [0, 0, 1, 2, 2, 2];
        int[] predicted = [0, 1, 1, 2, 2, 0];

        var json = Parse(Chart.ConfusionMatrix(actual, predicted, ["cat", "dog", "bird"]));

        var z = Trace(json, 0).GetProperty("z");
        Assert.Equal(1, z[0][0].GetDouble());
        Assert.Equal(1, z[0][1].GetDouble());
        Assert.Equal(2, z[2][2].GetDouble());
        Assert.Equal(1, z[2][0].GetDouble());
        Assert.Equal("%{z}", Trace(json, 0).GetProperty("texttemplate").GetString());
        var layout = Layout(json);
        Assert.Equal(
            "predicted",
            layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString()
        );
        Assert.Equal(
            "actual",
            layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString()
        );
        Assert.Contains(
            "4 of 6 correct",
            layout.GetProperty("title").GetProperty("text").GetString()
        );
    }

    [Fact]
    public void Confusion_matrix_names_the_example_with_an_unknown_class()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Chart.ConfusionMatrix([0, 3], [0, 1], ["a", "b"])
        );
        Assert.Contains("example 1 has actual class 3", error.Message);
    }

    [Fact]
    public void Digits_draws_one_heatmap_per_image_and_marks_mistakes_in_red()
    {
        var images = new Tensor(3, 16);

        var json = Parse(Chart.Digits(images, [7, 1, 4], [7, 2, 4], columns: 2));

        Assert.Equal(3, json.GetProperty("data").GetArrayLength());
        Assert.Equal(4, Trace(json, 0).GetProperty("z").GetArrayLength());
        var titles = Layout(json).GetProperty("annotations").EnumerateArray().ToArray();
        Assert.Equal(["7", "1 → 2", "4"], titles.Select(t => t.GetProperty("text").GetString()));
        Assert.Equal("#d62728", titles[1].GetProperty("font").GetProperty("color").GetString());
        Assert.Equal("#000000", titles[0].GetProperty("font").GetProperty("color").GetString());
        Assert.Equal(2, Layout(json).GetProperty("grid").GetProperty("rows").GetInt32());
        Assert.Equal(2, Layout(json).GetProperty("grid").GetProperty("columns").GetInt32());
    }

    [Fact]
    public void Digits_checks_shapes_and_counts()
    {
        Assert.Contains(
            "(2, 15)",
            Assert.Throws<ArgumentException>(() => Chart.Digits(new Tensor(2, 15), [1, 2])).Message
        );
        Assert.Contains(
            "2 images but 1 labels",
            Assert.Throws<ArgumentException>(() => Chart.Digits(new Tensor(2, 4, 4), [1])).Message
        );
        Assert.Contains(
            "at most 100",
            Assert
                .Throws<ArgumentException>(() => Chart.Digits(new Tensor(101, 2, 2), new int[101]))
                .Message
        );
    }
}
