using System.Globalization;
using System.Text.Json.Nodes;

namespace LstmLab.Charts;

/// <summary>A figure in words, its text/plain: for a viewer that shows neither HTML nor pictures.</summary>
internal static class FigureText
{
    private const int TracesShown = 8;

    /// <summary>
    /// <c>Figure "Loss | Accuracy": train (20 points, last 0.0712); validation (20 points, last 0.0801)</c>:
    /// the title (a grid's subplot titles), then each trace's name, size and last value.
    /// </summary>
    public static string Describe(JsonArray traces, JsonObject layout)
    {
        var titles = new List<string>();
        if (layout["title"]?["text"] is JsonValue title)
            titles.Add(title.ToString());
        if (layout["grid"] is not null && layout["annotations"] is JsonArray annotations)
            titles.AddRange(
                annotations.OfType<JsonObject>().Select(a => a["text"]?.ToString() ?? "")
            );
        if (titles.Count > TracesShown)
            titles = [.. titles.Take(TracesShown), "…"];
        string head = titles.Count > 0 ? $"Figure \"{string.Join(" | ", titles)}\"" : "Figure";
        var parts = traces.OfType<JsonObject>().Take(TracesShown).Select(Trace).ToList();
        if (traces.Count > TracesShown)
            parts.Add($"{traces.Count - TracesShown} more traces");
        return parts.Count == 0 ? head + ": no traces" : $"{head}: {string.Join("; ", parts)}";
    }

    private static string Trace(JsonObject trace)
    {
        string type = trace["type"]?.ToString() ?? "scatter";
        string name = trace["name"]?.ToString() is { Length: > 0 } n ? n : type;
        if (type == "heatmap" && trace["z"] is JsonArray rows)
            return $"{name} ({rows.Count} × {(rows.FirstOrDefault() as JsonArray)?.Count ?? 0} heatmap)";
        var y = trace["y"] as JsonArray ?? [];
        if (type == "bar")
        {
            var x = trace["x"] as JsonArray ?? [];
            var bars = x.Zip(y).Take(TracesShown).Select(p => $"{p.First} {Number(p.Second)}");
            string more = y.Count > TracesShown ? ", …" : "";
            return $"{name} (bars: {string.Join(", ", bars)}{more})";
        }
        string last = y.Count == 0 ? "" : $", last {Number(y[^1])}";
        return $"{name} ({y.Count} points{last})";
    }

    private static string Number(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue(out double d)
            ? d.ToString("G4", CultureInfo.InvariantCulture)
            : "none";
}
