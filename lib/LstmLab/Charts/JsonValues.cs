using System.Text.Json.Nodes;

namespace LstmLab.Charts;

/// <summary>Turns C# values into the JSON arrays plotly.js reads.</summary>
internal static class JsonValues
{
    // JSON has no NaN or infinity; plotly.js draws null as a gap, which is what a diverged loss should look like.
    public static JsonNode? Number(double value) =>
        double.IsFinite(value) ? JsonValue.Create(value) : null;

    public static JsonArray Numbers(IEnumerable<double> values) =>
        new(values.Select(Number).ToArray());

    public static JsonArray Strings(IEnumerable<string> values) =>
        new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    /// <summary>A (rows, cols) matrix as an array of rows, the shape of a heatmap's <c>z</c>.</summary>
    public static JsonArray Rows(double[,] matrix)
    {
        var rows = new JsonArray();
        for (int r = 0; r < matrix.GetLength(0); r++)
        {
            var row = new JsonArray();
            for (int c = 0; c < matrix.GetLength(1); c++)
                row.Add(Number(matrix[r, c]));
            rows.Add(row);
        }
        return rows;
    }
}
