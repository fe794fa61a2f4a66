using LstmLab.Charts;
using LstmLab.Display;
using LstmLab.Tensors;

namespace LstmLab.Tests.Browser;

[Collection(PlotlyJsCollection.Name)]
public class ChartsInBrowserTests
{
    private static string OutputFolder(string name)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "browser-check", name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    // A line with 2 traces, a heatmap, a bar chart, a 1×2 grid, a confusion matrix and digits.
    private static (IHtmlRenderable Output, int Traces)[] SampleOutputs()
    {
        double[] train = [0.69, 0.52, 0.41, 0.35, 0.31, 0.29];
        double[] validation = [0.70, 0.56, 0.47, 0.44, 0.43, 0.44];
        var loss = Chart
            .Line(("train", train), ("validation", validation))
            .WithTitle("Loss")
            .WithXAxis("epoch")
            .WithYAxis("loss");
        var gates = new double[4, 12];
        for (int u = 0; u < 4; u++)
        for (int t = 0; t < 12; t++)
            gates[u, t] = 0.5 + 0.5 * Math.Sin(0.5 * t + u);
        var heatmap = Chart
            .Heatmap(gates, Enumerable.Range(1, 12).Select(t => $"t{t}"), ["i", "f", "g", "o"])
            .WithTitle("Gate activations")
            .WithXAxis("time step");
        var bar = Chart
            .Bar(
                ["LSTM", "GRU", "RNN"],
                ("accuracy", [0.91, 0.89, 0.74]),
                ("F1", [0.90, 0.88, 0.70])
            )
            .WithTitle("Models");
        var grid = Chart.Grid(1, 2, loss, heatmap);
        var confusion = Chart.ConfusionMatrix(
            [0, 0, 1, 1, 2, 2, 2],
            [0, 1, 1, 1, 2, 0, 2],
            ["cat", "dog", "<bird>"]
        );
        var digits = Chart.Digits(
            SyntheticDigits(),
            [0, 1, 0, 1, 0, 1],
            [0, 1, 1, 1, 0, 0],
            columns: 3
        );
        var table = new HtmlTable(
            ["epoch", "loss"],
            [
                [1, 0.69],
                [2, 0.52],
            ]
        );
        return
        [
            (loss, 2),
            (heatmap, 1),
            (bar, 2),
            (grid, 3),
            (confusion, 1),
            (digits, 6),
            (table, -1),
        ];
    }

    // Six 8×8 images: a ring (a zero) and a bar (a one), alternating.
    private static Tensor SyntheticDigits()
    {
        var images = new Tensor(6, 8, 8);
        for (int n = 0; n < 6; n++)
        for (int r = 0; r < 8; r++)
        for (int c = 0; c < 8; c++)
        {
            double d = Math.Sqrt((r - 3.5) * (r - 3.5) + (c - 3.5) * (c - 3.5));
            bool ink = n % 2 == 0 ? d is > 2 and < 3.6 : c is 3 or 4 && r is > 0 and < 7;
            images[n, r, c] = ink ? 1f : 0f;
        }
        return images;
    }

    private static string Page(string head, IEnumerable<IHtmlRenderable> outputs)
    {
        // A page that carries plotly.js in its head takes out the copy the first figure may carry, as a report does.
        var body = outputs.Select(o =>
            Formatting.TryFormatHtml(o, out string html)
                ? (head.Length > 0 ? PlotlyJs.WithoutScriptTag(html) : html)
                : throw new InvalidOperationException($"{o.GetType()} has no HTML formatter.")
        );
        return $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>charts</title>{head}</head><body>{string.Join("\n", body)}</body></html>";
    }

    private static async Task AssertRenders(string name, string html, int[] expectedTraces)
    {
        string path = Path.Combine(OutputFolder(name), "page.html");
        await File.WriteAllTextAsync(path, html);

        var result = await ReportBrowserCheck.RunAsync(path);

        Assert.Empty(result.Errors);
        Assert.Empty(result.BlockedRequests);
        Assert.Equal(expectedTraces.Length, result.Charts.Count);
        for (int i = 0; i < expectedTraces.Length; i++)
        {
            var chart = result.Charts[i];
            Assert.True(chart.HasSvg, $"chart {i} ({chart.Id}) has no plotly SVG");
            Assert.Equal(expectedTraces[i], chart.DataTraces);
            Assert.Equal(expectedTraces[i], chart.RenderedTraces);
        }
        Assert.True(
            new FileInfo(result.ScreenshotPath).Length > 10_000,
            $"screenshot {result.ScreenshotPath} is nearly empty"
        );
    }

    [SkippableFact]
    public async Task Report_with_the_bundle_in_its_head_draws_every_chart_offline()
    {
        var outputs = SampleOutputs();
        string html = Page(PlotlyJs.ScriptTag(), outputs.Select(o => o.Output));
        await AssertRenders(
            "report",
            html,
            outputs.Where(o => o.Traces >= 0).Select(o => o.Traces).ToArray()
        );
    }

    [SkippableFact]
    public async Task Notebook_outputs_with_embedded_bundle_draw_every_chart_offline()
    {
        var outputs = SampleOutputs();
        PlotlyJs.ForgetEmbedded();
        string html = Page("", outputs.Select(o => o.Output));
        await AssertRenders(
            "embedded",
            html,
            outputs.Where(o => o.Traces >= 0).Select(o => o.Traces).ToArray()
        );
    }

    // The check must catch a page whose charts never draw: here plotly.js is neither on the page
    // nor reachable, because the check blocks the CDN.
    [SkippableFact]
    public async Task Check_reports_charts_that_did_not_draw_and_the_blocked_cdn()
    {
        string path = Path.Combine(OutputFolder("no-plotly"), "page.html");
        PlotlyJs.Source = PlotlyJsSource.Cdn;
        string figure;
        try
        {
            figure = Chart.Line(("loss", [1.0, 0.5])).ToHtml();
        }
        finally
        {
            PlotlyJs.Source = PlotlyJsSource.FirstFigure;
        }
        await File.WriteAllTextAsync(
            path,
            $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{figure}</body></html>"
        );

        var result = await ReportBrowserCheck.RunAsync(path, timeoutMs: 3000);

        var chart = Assert.Single(result.Charts);
        Assert.False(chart.HasSvg);
        Assert.Equal(0, chart.RenderedTraces);
        Assert.Equal([PlotlyJs.CdnUrl], result.BlockedRequests);
        Assert.NotEmpty(result.Errors);
    }
}
