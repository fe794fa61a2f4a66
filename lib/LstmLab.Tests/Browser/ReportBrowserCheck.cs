using System.Text.Json;
using Microsoft.Playwright;

namespace LstmLab.Tests.Browser;

/// <summary>What one chart on the page looked like after plotly.js drew it.</summary>
/// <param name="Id">The chart div's id.</param>
/// <param name="HasSvg">Whether plotly.js drew its SVG into the div.</param>
/// <param name="DataTraces">The traces plotly.js was given (<c>div.data.length</c>).</param>
/// <param name="RenderedTraces">The trace groups drawn in the SVG (lines, bar groups, heatmaps).</param>
public sealed record RenderedChart(string Id, bool HasSvg, int DataTraces, int RenderedTraces);

/// <summary>The outcome of opening an HTML page in headless Chromium.</summary>
/// <param name="Charts">Every <c>.lstmlab-figure</c> div, in page order.</param>
/// <param name="Errors">Uncaught page errors and console errors, in the order they happened.</param>
/// <param name="BlockedRequests">Requests that would have left the machine (the check allows file: only).</param>
/// <param name="ScreenshotPath">The full-page PNG.</param>
public sealed record BrowserCheckResult(
    IReadOnlyList<RenderedChart> Charts,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> BlockedRequests,
    string ScreenshotPath
);

/// <summary>
/// Opens a generated HTML page (a notebook report) in Debian's Chromium, driven by Playwright
/// without any browser download, waits for plotly.js to draw every chart, and reports what it
/// drew, any JavaScript error, and any attempt to reach the network.
/// Needs <c>apt-get install -y chromium</c> (the browser at /usr/bin/chromium).
/// </summary>
public static class ReportBrowserCheck
{
    private const float NavigationTimeoutMs = 30_000;

    /// <summary>The Debian Chromium the check drives.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    // Keeps headless Chromium in a container quiet and offline: no sandbox (root, no user namespaces),
    // no GPU, and none of the background calls home.
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    // Playwright talks to Chromium over inherited pipes, which unshare's exec keeps open.
    private static string OfflineChromium()
    {
        string path = Path.Combine(
            AppContext.BaseDirectory,
            "browser-check",
            $"chromium-offline-{Guid.NewGuid():N}.sh"
        );
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"#!/bin/sh\nexec unshare -n {ChromiumPath} \"$@\"\n");
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException(
                "Cutting Chromium off the network needs Linux's unshare -n."
            );
        File.SetUnixFileMode(
            path,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        );
        return path;
    }

    private const string ReadCharts = """
        () => JSON.stringify([...document.querySelectorAll('.lstmlab-figure')].map(div => ({
          id: div.id,
          hasSvg: div.querySelector('svg.main-svg') !== null,
          dataTraces: Array.isArray(div.data) ? div.data.length : 0,
          renderedTraces: div.querySelectorAll('g.trace, g.hm').length
        })))
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string AllDrawn = """
        () => [...document.querySelectorAll('.lstmlab-figure')]
                .every(div => div.querySelector('svg.main-svg') !== null)
        """;

    /// <summary>
    /// Opens <paramref name="htmlPath"/>, waits up to <paramref name="timeoutMs"/> for the charts,
    /// and saves a full-page screenshot to <paramref name="screenshotPath"/>
    /// (default: the HTML path with .png). With <paramref name="networkCut"/>, Chromium runs in a
    /// network namespace of its own (<c>unshare -n</c>): no request can leave the machine at all.
    /// </summary>
    public static async Task<BrowserCheckResult> RunAsync(
        string htmlPath,
        string? screenshotPath = null,
        float timeoutMs = 30_000,
        bool networkCut = false
    )
    {
        string page = Path.GetFullPath(htmlPath);
        if (!File.Exists(page))
            throw new FileNotFoundException($"No HTML page to check at {page}.", page);
        Needs.Chromium(ChromiumPath);
        string screenshot = Path.GetFullPath(screenshotPath ?? Path.ChangeExtension(page, ".png"));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(
            new BrowserTypeLaunchOptions
            {
                Headless = true,
                ExecutablePath = networkCut ? OfflineChromium() : ChromiumPath,
                Args = ChromiumArgs,
            }
        );
        var tab = await browser.NewPageAsync(
            new BrowserNewPageOptions
            {
                ViewportSize = new ViewportSize { Width = 1200, Height = 900 },
            }
        );

        var errors = new List<string>();
        var blocked = new List<string>();
        tab.PageError += (_, message) => errors.Add("page error: " + message);
        tab.Console += (_, message) =>
        {
            if (message.Type == "error")
                errors.Add("console error: " + message.Text);
        };
        await tab.RouteAsync(
            "**/*",
            async route =>
            {
                if (route.Request.Url.StartsWith("file:", StringComparison.Ordinal))
                {
                    await route.ContinueAsync();
                    return;
                }
                blocked.Add(route.Request.Url);
                await route.AbortAsync();
            }
        );

        // loading the page gets at least NavigationTimeoutMs: under a full test run's load a local page took over 3 s to
        // load (the timeout is for the charts to draw)
        await tab.GotoAsync(
            new Uri(page).AbsoluteUri,
            new PageGotoOptions { Timeout = Math.Max(timeoutMs, NavigationTimeoutMs) }
        );
        try
        {
            await tab.WaitForFunctionAsync(
                AllDrawn,
                null,
                new PageWaitForFunctionOptions { Timeout = timeoutMs }
            );
        }
        catch (TimeoutException)
        {
            // The charts that did not draw are reported below (HasSvg false); the caller asserts.
        }

        var charts = JsonSerializer.Deserialize<RenderedChart[]>(
            await tab.EvaluateAsync<string>(ReadCharts),
            Json
        )!;
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await tab.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });

        return new BrowserCheckResult(charts, errors.ToArray(), blocked.ToArray(), screenshot);
    }
}
