using LstmLab.Sources;

namespace LstmLab.Notebooks.Output;

/// <summary>The plotly.js bundle a report embeds so that its charts work offline.</summary>
public static class PlotlyBundle
{
    /// <summary>The npm package the bundle comes from.</summary>
    public const string Package = "plotly.js-dist-min";

    /// <summary>Its pinned version.</summary>
    public const string Version = "4.1.2";

    /// <summary>The SHA-256 of the package's npm tarball.</summary>
    public const string Sha256 = "4d4a67f627e33fa3b5296134210d5ba51e5312d7d287436fcc29eb533018e1b8";

    /// <summary>The text of package/plotly.min.js, fetched with npm into the data cache on first use.</summary>
    public static string Load() =>
        File.ReadAllText(
            Path.Combine(
                NpmPackage.Fetch(Package, Version, Sha256, DataCache.Root),
                "plotly.min.js"
            )
        );
}
