namespace LstmLab.Display;

/// <summary>
/// The formatter source named by <c>[TypeFormatterSource(typeof(HtmlFormatterSource))]</c> on every
/// <see cref="IHtmlRenderable"/> type: it makes one text/html formatter that writes
/// <see cref="IHtmlRenderable.ToHtml"/>. See <see cref="TypeFormatterSourceAttribute"/> for how the
/// kernel uses it.
/// </summary>
public sealed class HtmlFormatterSource
{
    /// <summary>The formatters for <see cref="IHtmlRenderable"/> values (one, for text/html).</summary>
    public IEnumerable<object> CreateTypeFormatters()
    {
        yield return new HtmlRenderableFormatter();
    }
}
