using System.Text.Json.Nodes;
using LstmLab.Tensors;

namespace LstmLab.Charts;

public static partial class Chart
{
    private const int MaxDigits = 100;

    /// <summary>
    /// Small images in a grid, each titled with its label; with <paramref name="predictions"/>,
    /// a mistake is drawn in red and titled "label → prediction".
    /// <paramref name="images"/> is (N, height, width), or (N, side × side) for square images
    /// such as flattened 28 × 28 digits; at most 100 images.
    /// </summary>
    public static Figure Digits(
        Tensor images,
        IReadOnlyList<int> labels,
        IReadOnlyList<int>? predictions = null,
        int columns = 10
    )
    {
        var (count, height, width) = ImageShape(images);
        if (labels.Count != count)
            throw new ArgumentException(
                $"Chart.Digits: {count} images but {labels.Count} labels.",
                nameof(labels)
            );
        if (predictions is not null && predictions.Count != count)
            throw new ArgumentException(
                $"Chart.Digits: {count} images but {predictions.Count} predictions.",
                nameof(predictions)
            );
        if (count > MaxDigits)
            throw new ArgumentException(
                $"Chart.Digits shows at most {MaxDigits} images, got {count}; pass images.Slice(0, {MaxDigits}).",
                nameof(images)
            );
        if (columns <= 0)
            throw new ArgumentOutOfRangeException(
                nameof(columns),
                $"Chart.Digits needs at least one column, got {columns}."
            );

        var cells = new Figure[count];
        for (int n = 0; n < count; n++)
        {
            var pixels = new double[height, width];
            for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++)
                pixels[r, c] = images.Data[(n * height + r) * width + c];
            bool mistake = predictions is not null && predictions[n] != labels[n];
            cells[n] = DigitCell(
                pixels,
                mistake ? $"{labels[n]} → {predictions![n]}" : labels[n].ToString(),
                mistake
            );
        }
        int columnsUsed = Math.Min(columns, Math.Max(count, 1));
        int rows = Math.Max(1, (count + columnsUsed - 1) / columnsUsed);
        string title = predictions is null
            ? "Digits and their labels"
            : "Label → prediction (mistakes in red)";
        // Small images need little space between them; plotly.js's default margins would halve them.
        return Grid(rows, columnsUsed, cells)
            .WithTitle(title)
            .WithSize(90 * columnsUsed + 40, 100 * rows + 70)
            .WithLayout(layout =>
            {
                layout["grid"]!["xgap"] = 0.08;
                layout["grid"]!["ygap"] = 0.25;
                layout["margin"] = new JsonObject
                {
                    ["l"] = 20,
                    ["r"] = 20,
                    ["t"] = 60,
                    ["b"] = 10,
                };
            });
    }

    private static Figure DigitCell(double[,] pixels, string title, bool mistake)
    {
        string ink = mistake ? "#d62728" : "#000000";
        var hidden = new JsonObject { ["visible"] = false };
        return Heatmap(pixels, colorscale: "Greys")
            .WithEachTrace(trace =>
            {
                trace["colorscale"] = new JsonArray(
                    new JsonArray(0, "#ffffff"),
                    new JsonArray(1, ink)
                );
                trace["hoverinfo"] = "skip";
            })
            .WithLayout(layout =>
            {
                layout["xaxis"] = new JsonObject { ["visible"] = false, ["scaleanchor"] = "y" };
                layout["yaxis"] = new JsonObject
                {
                    ["visible"] = false,
                    ["autorange"] = "reversed",
                };
                layout["title"] = new JsonObject
                {
                    ["text"] = title,
                    ["font"] = new JsonObject { ["color"] = ink, ["size"] = 12 },
                };
            });
    }

    private static (int Count, int Height, int Width) ImageShape(Tensor images)
    {
        int[] shape = images.Shape;
        if (images.Rank == 3)
            return (shape[0], shape[1], shape[2]);
        if (images.Rank == 2)
        {
            int side = (int)Math.Round(Math.Sqrt(shape[1]));
            if (side * side == shape[1])
                return (shape[0], side, side);
        }
        throw new ArgumentException(
            $"Chart.Digits needs images of shape (N, height, width) or (N, side*side), got ({string.Join(", ", shape)}).",
            nameof(images)
        );
    }
}
