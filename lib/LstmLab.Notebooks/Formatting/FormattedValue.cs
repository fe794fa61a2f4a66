namespace LstmLab.Notebooks.Formatting;

/// <summary>
/// A value as a notebook shows it: an HTML fragment when the value has an HTML form, and always
/// plain text (what Jupyter's <c>text/plain</c> holds).
/// </summary>
public sealed record FormattedValue(string? Html, string PlainText)
{
    /// <summary>Plain text only.</summary>
    public static FormattedValue Text(string text) => new(null, text);
}
