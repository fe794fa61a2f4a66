namespace LstmLab.Display;

/// <summary>
/// Something a notebook shows as HTML: a chart, a dataset summary, a table.
/// The notebook formatter (the real kernel's and the <c>lstmlab</c> runner's) calls <see cref="ToHtml"/>.
/// </summary>
public interface IHtmlRenderable
{
    /// <summary>An HTML fragment (no &lt;html&gt; or &lt;body&gt;) that shows this object.</summary>
    string ToHtml();
}
