namespace LstmLab.Notebooks.Output;

/// <summary>
/// Static pictures of a run's charts, for viewers that run no JavaScript (GitHub, nbviewer, an
/// untrusted Jupyter): a PNG per chart, keyed by the chart's plotly.js JSON.
/// </summary>
/// <param name="Png">Each chart's PNG as base64 (Jupyter's image/png), by its JSON.</param>
/// <param name="LeftOut">Why some or all pictures were left out (no browser, a chart that failed); null when none was.</param>
public sealed record ChartPictures(IReadOnlyDictionary<string, string> Png, string? LeftOut)
{
    /// <summary>No pictures, and why.</summary>
    public static ChartPictures None(string why) => new(new Dictionary<string, string>(), why);

    /// <summary>The PNG (base64) of the chart with this JSON, or null.</summary>
    public string? For(string? chartJson) =>
        chartJson is not null && Png.TryGetValue(chartJson, out string? png) ? png : null;
}
