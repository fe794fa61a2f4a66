using LstmLab.Sources;

namespace LstmLab.Charts;

/// <summary>
/// Where figures get plotly.js: the page's copy, the inline bundle (offline), or the CDN.
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
    /// When true, the first figure shown in this process carries the whole plotly.js bundle
    /// inline (about 4.8 MB), so a notebook shows its charts without a network. Off by default.
    /// </summary>
    public static bool Embed { get; set; }

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
    /// in its <c>&lt;head&gt;</c> so every figure finds <c>window.Plotly</c>.
    /// </summary>
    public static string ScriptTag() => Tag.Value;

    /// <summary>The script tag the first time it is asked for in this process, then "".</summary>
    internal static string ScriptTagOncePerProcess() =>
        Interlocked.Exchange(ref embedded, 1) == 0 ? ScriptTag() : "";

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
        return "<script type=\"text/javascript\">" + code + "\n</script>";
    }
}
