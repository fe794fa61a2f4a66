using LstmLab.Notebooks.Execution;
using LstmLab.Notebooks.Output;

namespace LstmLab.Tests.Notebooks;

public class HtmlReportTests
{
    private const string FakeBundle = "/* plotly */ var Plotly = {}; '</script>';";

    private static string Render(string? chart = null, Func<string>? bundle = null) =>
        new HtmlReport(bundle ?? (() => FakeBundle)).ToHtml(
            chart is null ? SampleRun.Create() : SampleRun.Create(chart)
        );

    [Fact]
    public void The_header_has_the_title_parameters_machine_and_status()
    {
        string html = Render();

        Assert.Contains("<title>Airline passengers · LSTM Lab run</title>", html);
        Assert.Contains("<h1>Airline passengers</h1>", html);
        Assert.Contains("2026-11-22 03:00:00 +00:00", html);
        Assert.Contains(
            "<tr><td><code>epochs</code></td><td><code>1</code></td><td>quick</td></tr>",
            html
        );
        Assert.Contains("Test CPU (2 cores)", html);
        Assert.Contains("<tr><th>SIMD</th><td>256-bit (AVX2) vectors</td></tr>", html);
        Assert.Contains("LstmLab 0.1.0", html);
        Assert.Contains("stopped at cell 4", html);
    }

    [Fact]
    public void Cells_show_markdown_code_outputs_and_times()
    {
        string html = Render();

        Assert.Contains("<h1 id=\"airline-passengers\">Airline passengers</h1>", html);
        Assert.Contains("<table>", html); // Markdig's pipe tables: the advanced extensions are on
        Assert.Contains("Console.WriteLine(&quot;&lt;loss&gt;&quot;);", html);
        Assert.Contains(
            "<pre class=\"stream stdout\">epoch 1: loss 0.5\nepoch 2: loss 0.25</pre>",
            html
        );
        Assert.Contains("<p class=\"warning\">cell 3, line 1: skipped &#39;#!time&#39;</p>", html);
        Assert.Contains("<div class=\"display\"><div id=\"c\"></div>", html);
        Assert.Contains("<pre class=\"display result\">42</pre>", html);
        Assert.Contains("<span class=\"time\">1.50 s</span>", html);
        Assert.Contains("<span class=\"time\">not run</span>", html);
    }

    [Fact]
    public void A_long_console_output_folds_its_middle_lines()
    {
        var run = SampleRun.Create();
        string text = string.Concat(Enumerable.Range(1, 1000).Select(i => $"batch {i}\n"));
        var cells = run
            .Cells.Select(c =>
                c.Cell.Number == 3 ? c with { Outputs = [new StreamOutput("stdout", text)] } : c
            )
            .ToList();

        string html = new HtmlReport(() => FakeBundle).ToHtml(run with { Cells = cells });

        Assert.Contains("<details><summary>800 more lines</summary>", html);
        Assert.Contains(">batch 1\nbatch 2\n", html);
        Assert.Contains("batch 999\nbatch 1000</pre>", html);
    }

    [Fact]
    public void A_failed_cell_shows_the_error_type_message_and_line()
    {
        string html = Render();

        Assert.Contains("<section class=\"cell code failed\" id=\"cell-4\">", html);
        Assert.Contains("<p class=\"ename\">System.Exception</p>", html);
        Assert.Contains("<pre class=\"evalue\">boom</pre>", html);
        Assert.Contains("<p class=\"where\">at cell 4, line 1 (airline.dib line 22)</p>", html);
    }

    [Fact]
    public void Plotly_is_embedded_once_and_only_when_a_chart_needs_it()
    {
        string withChart = Render();
        string without = Render(
            "<div>no chart</div>",
            () => throw new InvalidOperationException("not wanted")
        );

        Assert.Single(withChart.Split("/* plotly */").Skip(1));
        Assert.Contains("'<\\/script>'", withChart);
        Assert.True(
            withChart.IndexOf("/* plotly */", StringComparison.Ordinal)
                < withChart.IndexOf("</head>", StringComparison.Ordinal)
        );
        Assert.DoesNotContain("plotly", without, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=\"http", withChart);
    }

    [Fact]
    public void A_missing_bundle_is_said_in_the_report()
    {
        string html = Render(bundle: () =>
            throw new InvalidOperationException("npm is not installed")
        );

        Assert.Contains("could not be loaded: npm is not installed", html);
        Assert.Contains("<section class=\"cell code ok\" id=\"cell-3\">", html);
    }

    [Fact]
    public void Writes_the_file_atomically()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "airline.html");

        new HtmlReport(() => FakeBundle).Write(SampleRun.Create(), path);

        Assert.Equal(Render(), File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
    }
}
