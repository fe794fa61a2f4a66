using System.Text.Json;
using System.Text.RegularExpressions;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Execution;
using LstmLab.Notebooks.Export;
using RunsAlone = LstmLab.Tests.Notebooks.NotebookRuns;

namespace LstmLab.Tests.NotebookRuns;

/// <summary>
/// Every notebook exported by <c>lstmlab export</c> runs as a .NET file-based app,
/// <c>dotnet run NAME.cs -- --quick --html NAME.html --ipynb NAME.ipynb</c>, exits 0, and its cells
/// give the results and the charts of <c>lstmlab run --quick</c> (timings aside).
/// </summary>
[Collection(RunsAlone.Name)]
public partial class ExportedAppRunTests
{
    // The first `dotnet run` of an app builds it and the library: minutes on a busy 2-core machine.
    private static readonly TimeSpan AppTimeout = TimeSpan.FromMinutes(20);

    public static TheoryData<string> Notebooks() => QuickRuns.Notebooks();

    [SkippableTheory]
    [MemberData(nameof(Notebooks))]
    public async Task Exported_app_gives_the_quick_runs_results(string notebook)
    {
        string name = Path.GetFileNameWithoutExtension(notebook);
        string apps = Path.Combine(AppContext.BaseDirectory, "exported-apps");
        string app = AppExport.Write(
            Path.Combine(QuickRuns.CheckoutRoot, "notebooks", notebook),
            Path.Combine(apps, name + ".cs")
        );
        string html = Path.Combine(apps, name + ".html");
        string ipynb = Path.Combine(apps, name + ".ipynb");
        File.Delete(ipynb);

        var (status, output) = DotnetRun(app, ["--quick", "--html", html, "--ipynb", ipynb]);

        int missing = output.IndexOf(
            nameof(LstmLab.Data.DataUnavailableException),
            StringComparison.Ordinal
        );
        if (status != 0 && missing >= 0)
            throw new SkipException($"{notebook}: " + Needs.DataMissing(output[missing..]));
        Assert.True(status == 0, $"dotnet run {app} exited {status}:\n{output}");
        Assert.True(File.Exists(html), $"{html} was not written:\n{output}");
        var reference = await QuickRuns.GetAsync(notebook);
        QuickRuns.AssertSucceeded(reference);
        var expected = Results(reference.Prepared.IpynbPath);
        var actual = Results(ipynb);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
            Assert.True(
                expected[i] == actual[i],
                $"{notebook}: cell with outputs #{i + 1} differs.\nlstmlab run:\n{expected[i]}\nexported app:\n{actual[i]}"
            );
    }

    // Each code cell that has outputs, as text: its console text with durations masked, then one line
    // per displayed value ("chart" or "value").
    internal static List<string> Results(string ipynb)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ipynb));
        var cells = new List<string>();
        foreach (var cell in document.RootElement.GetProperty("cells").EnumerateArray())
        {
            if (!cell.TryGetProperty("outputs", out var outputs) || outputs.GetArrayLength() == 0)
                continue;
            var lines = new List<string>();
            foreach (var output in outputs.EnumerateArray())
            {
                string type = output.GetProperty("output_type").GetString()!;
                if (type == "stream")
                    lines.Add(Duration().Replace(Text(output.GetProperty("text")), "<time>"));
                else if (output.TryGetProperty("data", out var data))
                    lines.Add(
                        data.TryGetProperty("text/html", out var htmlLines)
                        && Text(htmlLines)
                            .Contains("class=\"lstmlab-figure\"", StringComparison.Ordinal)
                            ? "chart"
                            : "value"
                    );
                else
                    lines.Add(type);
            }
            cells.Add(string.Join('\n', lines));
        }
        return cells;
    }

    private static string Text(JsonElement lines) =>
        string.Concat(lines.EnumerateArray().Select(l => l.GetString()));

    // "(8.2 s)", "7.1 s per epoch", "12 ms", "0.5 min", and what is computed from them ("2.5× the time per epoch",
    // "0.4 s per epoch against 0.1 s (2.9×)", "+67.401 points per extra second", "134926 characters per second"):
    // they differ between any two runs.
    [GeneratedRegex(
        @"\d+(\.\d+)? ?(m?s|min)\b( \(\d+(\.\d+)?×\))?|\d+(\.\d+)?× the time|[+-]?\d+(\.\d+)? points per extra second|\d+ characters per second"
    )]
    private static partial Regex Duration();

    private static (int, string) DotnetRun(string app, string[] arguments) =>
        ChildProcess.Run(
            "dotnet",
            ["run", app, "--", .. arguments],
            Path.GetDirectoryName(app)!,
            AppTimeout
        );
}
