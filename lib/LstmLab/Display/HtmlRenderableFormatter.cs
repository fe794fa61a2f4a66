namespace LstmLab.Display;

/// <summary>
/// A text/html formatter in the shape the notebook kernel reads by reflection:
/// <see cref="Type"/>, <see cref="MimeType"/> and <see cref="Format"/>.
/// </summary>
public sealed class HtmlRenderableFormatter
{
    /// <summary>The MIME type this formatter writes.</summary>
    public const string HtmlMimeType = "text/html";

    /// <summary>The values this formatter handles: anything that renders itself as HTML.</summary>
    public Type Type => typeof(IHtmlRenderable);

    /// <summary>Always text/html.</summary>
    public string MimeType => HtmlMimeType;

    /// <summary>
    /// Writes <paramref name="value"/>'s HTML to <paramref name="writer"/>; returns false (writing
    /// nothing) when the value is not an <see cref="IHtmlRenderable"/>.
    /// </summary>
    public bool Format(object value, TextWriter writer)
    {
        if (value is not IHtmlRenderable renderable)
            return false;
        writer.Write(renderable.ToHtml());
        return true;
    }
}
