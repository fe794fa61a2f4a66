using System.Net;

namespace LstmLab.Charts;

/// <summary>
/// Puts a static picture of a figure inside the div that <see cref="Figure.ToHtml"/> wrote, for
/// viewers that show HTML but run no JavaScript; plotly.js replaces it when it draws the chart.
/// </summary>
public static class FigurePicture
{
    private const string DivStart = "class=\"" + FigureHtml.DivClass + "\"";

    /// <summary>
    /// <paramref name="figureHtml"/> with an <c>&lt;img&gt;</c> of <paramref name="pngBase64"/> in its
    /// figure div, described by <paramref name="description"/>; unchanged when it has no figure div.
    /// </summary>
    public static string Insert(string figureHtml, string pngBase64, string description)
    {
        int div = figureHtml.IndexOf(DivStart, StringComparison.Ordinal);
        int end = div < 0 ? -1 : figureHtml.IndexOf("></div>", div, StringComparison.Ordinal);
        if (end < 0)
            return figureHtml;
        string image =
            $"<img src=\"data:image/png;base64,{pngBase64}\" alt=\"{WebUtility.HtmlEncode(description)}\" "
            + "style=\"max-width:100%;height:auto\">";
        return figureHtml.Insert(end + 1, image);
    }
}
