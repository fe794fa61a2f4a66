namespace LstmLab.Notebooks.Formatting;

/// <summary>
/// A value as a notebook shows it: an HTML fragment when the value has an HTML form, and always
/// plain text (what Jupyter's <c>text/plain</c> holds).
/// </summary>
public sealed record FormattedValue(string? Html, string PlainText)
{
    /// <summary>
    /// The figure as plotly.js JSON when the value is a chart, so that a static picture of it can be
    /// drawn for viewers that run no JavaScript; null otherwise.
    /// </summary>
    public string? ChartJson { get; init; }

    /// <summary>Plain text only.</summary>
    public static FormattedValue Text(string text) => new(null, text);
}
