namespace LstmLab.Charts;

/// <summary>Where a figure shown in a notebook gets plotly.js when the page has none yet.</summary>
public enum PlotlyJsSource
{
    /// <summary>
    /// The first figure shown in this process (a kernel session) carries the whole bundle inline and
    /// later figures reuse it, as plotly.py's offline notebook mode does: charts show without a network.
    /// </summary>
    FirstFigure,

    /// <summary>Every figure loads plotly.js from <see cref="PlotlyJs.CdnUrl"/>: small outputs, internet needed.</summary>
    Cdn,
}
