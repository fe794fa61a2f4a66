using LstmLab.Sources;

namespace LstmLab.Charts;

/// <summary>
/// Where figures get plotly.js: the page's copy, the inline bundle (by default carried by the first
/// figure of a kernel session, see <see cref="Source"/>), or the CDN when asked for.
/// The bundle is npm's <c>plotly.js-dist-min</c>, fetched with <see cref="NpmPackage.Fetch"/>
/// and checked against its SHA-256.
/// </summary>
public static class PlotlyJs
{
    /// <summary>The plotly.js version used by the CDN address and the npm bundle.</summary>
    public const string Version = "4.1.2";

    /// <summary>The CDN address a figure loads plotly.js from when the page has none.</summary>
    public const string CdnUrl = "https://cdn.plot.ly/plotly-" + Version + ".min.js";

    private const string PackageName = "plotly.js-dist-min";
    private const string PackageSha256 =
        "4d4a67f627e33fa3b5296134210d5ba51e5312d7d287436fcc29eb533018e1b8";

    private static readonly Lazy<string> Tag = new(ReadScriptTag);
    private static int embedded;

    /// <summary>
    /// The attribute that marks the bundle's script element, so that a document carrying plotly.js
    /// once (a report, an executed .ipynb) can take out the copies its outputs carried.
    /// </summary>
    public const string ScriptMarker = "data-lstmlab-plotly";

    private const string ScriptStart =
        "<script type=\"text/javascript\" " + ScriptMarker + "=\"" + Version + "\">";

    /// <summary>
    /// Where the next figure gets plotly.js when the page has none: by default the first figure
    /// shown in this process carries the bundle inline (about 4.8 MB) and later ones reuse it, so
    /// charts show offline in VS Code and in the saved .ipynb; <see cref="PlotlyJsSource.Cdn"/>
    /// loads it from the internet instead.
    /// </summary>
    public static PlotlyJsSource Source { get; set; } = PlotlyJsSource.FirstFigure;

    /// <summary>
    /// The path of <c>plotly.min.js</c> in the npm package, fetched into
    /// <see cref="DataCache.Root"/> on first use.
    /// </summary>
    public static string BundlePath()
    {
        string package = NpmPackage.Fetch(PackageName, Version, PackageSha256, DataCache.Root);
        string bundle = Path.Combine(package, "plotly.min.js");
        if (!File.Exists(bundle))
            throw new FileNotFoundException(
                $"{PackageName}@{Version} was unpacked to {package}, but it has no plotly.min.js.",
                bundle
            );
        return bundle;
    }

    /// <summary>
    /// An inline <c>&lt;script&gt;</c> element holding the plotly.js bundle; a report puts it once
    /// in its <c>&lt;head&gt;</c> so every figure finds <c>window.Plotly</c>. Figures that ran before
    /// it (an output shown out of order) are drawn when it has run.
    /// </summary>
    public static string ScriptTag() => Tag.Value;

    /// <summary>
    /// <paramref name="html"/> without the bundle's script elements (found by <see cref="ScriptMarker"/>),
    /// for a document that carries plotly.js once itself.
    /// </summary>
    public static string WithoutScriptTag(string html)
    {
        int start = html.IndexOf(ScriptStart, StringComparison.Ordinal);
        while (start >= 0)
        {
            int end = html.IndexOf("</script>", start, StringComparison.Ordinal);
            if (end < 0)
                break;
            html = html.Remove(start, end + "</script>".Length - start);
            start = html.IndexOf(ScriptStart, start, StringComparison.Ordinal);
        }
        return html;
    }

    /// <summary>
    /// What the next figure shown needs: the bundle's script element when it is the first figure
    /// of this process (else ""), and where plotly.js comes from. When the bundle cannot be had
    /// (no npm and no cached copy), figures load plotly.js from the CDN instead of failing to show.
    /// </summary>
    internal static (string Bundle, PlotlyJsSource Source) ForNextFigure()
    {
        if (Source == PlotlyJsSource.Cdn)
            return ("", PlotlyJsSource.Cdn);
        string tag;
        try
        {
            tag = Tag.Value;
        }
        // Whatever stops the fetch (no npm, offline, a bad tarball), the chart is still worth showing.
        catch (Exception)
        {
            return ("", PlotlyJsSource.Cdn);
        }
        return (Interlocked.Exchange(ref embedded, 1) == 0 ? tag : "", PlotlyJsSource.FirstFigure);
    }

    /// <summary>Lets the next figure carry the bundle again, as in a fresh kernel process.</summary>
    internal static void ForgetEmbedded() => Interlocked.Exchange(ref embedded, 0);

    private static string ReadScriptTag()
    {
        string path = BundlePath();
        string code = File.ReadAllText(path);
        // A literal "</script" would end the element early; the pinned bundle has none.
        if (code.Contains("</script", StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException(
                $"{path} contains \"</script\" and cannot be inlined in HTML."
            );
        return ScriptStart
            + code
            + "\n(window.lstmlabPlotlyWaiting || []).splice(0).forEach(function (draw) { draw(); });\n</script>";
    }
}
