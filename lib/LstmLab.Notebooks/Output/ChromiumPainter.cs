using System.Diagnostics;
using System.Net;
using System.Text.Json;
using LstmLab.Charts;

namespace LstmLab.Notebooks.Output;

/// <summary>
/// Draws charts as PNG pictures with plotly.js itself (<c>Plotly.toImage</c>) in one headless Chromium
/// process per run: a page holding every chart's JSON converts them one after another and writes the
/// data URLs into the page, which Chromium prints (<c>--dump-dom</c>). One real renderer, no second
/// chart engine; without a browser the pictures are left out and the run goes on.
/// </summary>
/// <param name="browser">The Chromium executable; null finds <c>chromium</c> (or Chrome) on the PATH.</param>
/// <param name="timeout">How long Chromium may take for the whole run's charts.</param>
public sealed class ChromiumPainter(string? browser = null, TimeSpan? timeout = null)
{
    /// <summary>The width of a picture whose figure sets none (a notebook cell's width).</summary>
    public const int DefaultWidth = 900;

    /// <summary>The height of a picture whose figure sets none (plotly.js's default).</summary>
    public const int DefaultHeight = 450;

    private static readonly string[] BrowserNames =
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];

    // Headless in a container, offline: no sandbox (root), no GPU, none of the background calls home.
    private static readonly string[] Flags =
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--virtual-time-budget=60000",
        "--dump-dom",
    ];

    private readonly TimeSpan timeout = timeout ?? TimeSpan.FromMinutes(3);

    /// <summary>The first of chromium, chromium-browser, google-chrome on the PATH, or null.</summary>
    public static string? FindBrowser() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(folder => BrowserNames.Select(name => Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists);

    /// <summary>Pictures of <paramref name="chartJsons"/> (duplicates drawn once); never throws for a missing browser.</summary>
    public ChartPictures Draw(IEnumerable<string> chartJsons)
    {
        var charts = chartJsons.Distinct().ToList();
        if (charts.Count == 0)
            return new ChartPictures(new Dictionary<string, string>(), null);
        string? executable = browser ?? FindBrowser();
        if (executable is null || !File.Exists(executable))
            return ChartPictures.None(
                $"Chart pictures (for viewers without JavaScript) were left out: no browser at {executable ?? "chromium on the PATH"} "
                    + "(apt-get install -y chromium)."
            );
        string bundle;
        try
        {
            bundle = PlotlyJs.BundlePath();
        }
        // Whatever stops the fetch (no npm, offline, a bad tarball), the notebook is still worth writing.
        catch (Exception e)
        {
            return ChartPictures.None(
                $"Chart pictures were left out: plotly.js could not be loaded: {e.Message}"
            );
        }
        string folder = Path.Combine(
            Path.GetTempPath(),
            "lstmlab-pictures-" + Guid.NewGuid().ToString("N")
        );
        Directory.CreateDirectory(folder);
        try
        {
            string page = Path.Combine(folder, "charts.html");
            File.WriteAllText(page, Page(bundle, charts));
            string? dom = Run(
                executable,
                Path.Combine(folder, "profile"),
                page,
                out string problem
            );
            return dom is null
                ? ChartPictures.None($"Chart pictures were left out: {problem}")
                : Read(dom, charts);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private string? Run(string executable, string profile, string page, out string problem)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string flag in Flags)
            start.ArgumentList.Add(flag);
        start.ArgumentList.Add("--user-data-dir=" + profile);
        start.ArgumentList.Add(new Uri(page).AbsoluteUri);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            problem = $"{executable} did not finish drawing within {timeout.TotalSeconds:0} s.";
            return null;
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            string last = errors.Result.Trim().Split('\n').LastOrDefault() ?? "";
            problem = $"{executable} exited with code {process.ExitCode}: {last}";
            return null;
        }
        problem = "";
        return output.Result;
    }

    private static ChartPictures Read(string dom, List<string> charts)
    {
        const string open = "<pre id=\"pictures\">";
        int start = dom.IndexOf(open, StringComparison.Ordinal);
        int end = start < 0 ? -1 : dom.IndexOf("</pre>", start, StringComparison.Ordinal);
        string text = end < 0 ? "" : WebUtility.HtmlDecode(dom[(start + open.Length)..end]);
        if (text.Length == 0)
            return ChartPictures.None(
                $"Chart pictures were left out: Chromium printed the page before plotly.js had drawn the {charts.Count} charts."
            );
        string[] results = JsonSerializer.Deserialize<string[]>(text)!;
        const string prefix = "data:image/png;base64,";
        var png = new Dictionary<string, string>();
        var failed = new List<string>();
        for (int i = 0; i < charts.Count; i++)
        {
            string result = i < results.Length ? results[i] : "not drawn";
            if (result.StartsWith(prefix, StringComparison.Ordinal))
                png[charts[i]] = result[prefix.Length..];
            else
                failed.Add($"chart {i + 1}: {result}");
        }
        string? leftOut =
            failed.Count == 0
                ? null
                : $"{failed.Count} of {charts.Count} chart pictures were left out ({string.Join("; ", failed)}).";
        return new ChartPictures(png, leftOut);
    }

    // The charts' JSON sits in a JSON script element (System.Text.Json escapes '<', so it cannot end
    // it early); they are drawn one at a time, and a chart that fails leaves its error in its place.
    private static string Page(string bundle, List<string> charts) =>
        $$"""
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><script src="{{new Uri(
                bundle
            ).AbsoluteUri}}"></script></head>
            <body>
            <script type="application/json" id="charts">[{{string.Join(",", charts)}}]</script>
            <pre id="pictures"></pre>
            <script>
            var charts = JSON.parse(document.getElementById("charts").textContent);
            charts.reduce(function (done, figure) {
              return done.then(function (results) {
                var layout = figure.layout || {};
                var size = { format: "png", width: layout.width || {{DefaultWidth}}, height: layout.height || {{DefaultHeight}} };
                return Plotly.toImage(figure, size).then(
                  function (url) { return results.concat([url]); },
                  function (error) { return results.concat(["plotly.js failed: " + error]); });
              });
            }, Promise.resolve([])).then(function (results) {
              document.getElementById("pictures").textContent = JSON.stringify(results);
            });
            </script>
            </body></html>
            """;
}
