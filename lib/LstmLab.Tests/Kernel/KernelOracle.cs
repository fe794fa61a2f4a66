using System.Net;
using System.Text.RegularExpressions;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Execution;

namespace LstmLab.Tests.Kernel;

/// <summary>
/// Holds a run of <c>lstmlab run</c> against the real kernel: submits the same cells (parameters as
/// run) to <c>dotnet-interactive</c>, started as VS Code starts it in the notebook's folder, and lists
/// every difference that matters to a student — a cell that fails, a value the kernel shows as its
/// default object dump, a display whose HTML is not the runner's (figure ids and measured times aside,
/// see <see cref="RunVariance"/>).
/// </summary>
internal static partial class KernelOracle
{
    // The kernel's default formatter: a <details class="dni-treeview"> tree of the object's members.
    private const string DefaultDump = "class=\"dni-treeview\"";

    // Its form for a value shown as text (numbers, strings in HTML): a <pre>, then its stylesheet.
    [GeneratedRegex(
        "^<div class=\"dni-plaintext\"><pre>(.*?)</pre></div>",
        RegexOptions.Singleline
    )]
    private static partial Regex KernelPlainText();

    /// <summary>
    /// Runs <paramref name="runner"/>'s notebook in the kernel cell by cell, stopping after the first
    /// cell that fails there, and returns what differs (empty when the kernel shows what the runner
    /// showed) with what the kernel reported for each cell it ran, by cell number.
    /// </summary>
    public static async Task<(
        IReadOnlyList<string> Problems,
        IReadOnlyDictionary<int, KernelSubmission> Kernel
    )> CompareAsync(RunResult runner, string toolManifestFolder, TimeSpan cellTimeout)
    {
        var problems = new List<string>();
        var submissions = new Dictionary<int, KernelSubmission>();
        var notebook = runner.Notebook;
        await using var kernel = await InteractiveKernel.StartAsync(
            notebook.Folder,
            toolManifestFolder,
            TimeSpan.FromMinutes(5)
        );
        foreach (var cell in runner.Cells.Where(c => c.Cell.IsCode))
        {
            string where =
                $"{Path.GetFileName(notebook.Path)} cell {cell.Cell.Number} ({notebook.Where(cell.Cell.FirstLine)})";
            var submission = await kernel.SubmitAsync(cell.Cell.Source, cellTimeout);
            submissions[cell.Cell.Number] = submission;
            if (cell.Status != CellStatus.Ok)
                problems.Add($"{where}: lstmlab run: {cell.Status} {Error(cell)}");
            if (!submission.Succeeded)
                problems.Add($"{where}: the kernel: CommandFailed: {FirstLine(submission.Error)}");
            if (cell.Status != CellStatus.Ok || !submission.Succeeded)
                break;
            problems.AddRange(CompareDisplays(where, cell, submission));
        }
        return (problems, submissions);
    }

    private static IEnumerable<string> CompareDisplays(
        string where,
        CellResult cell,
        KernelSubmission submission
    )
    {
        var ours = cell
            .Outputs.OfType<DisplayOutput>()
            .Where(d => !CarriesOnlyPlotlyJs(d.Value.Html))
            .ToList();
        var theirs = submission
            .Displays.Where(d => !CarriesOnlyPlotlyJs(d.Html) && !IsPackageInstall(d.Html))
            .ToList();
        foreach (var (display, index) in theirs.Select((d, i) => (d, i + 1)))
            if (display.Html?.Contains(DefaultDump) == true)
                yield return $"{where}: display {index} is the kernel's default dump, not HTML of ours: {Start(display.Html)}";
        if (ours.Count != theirs.Count)
        {
            yield return $"{where}: lstmlab run shows {ours.Count} values, the kernel {theirs.Count}";
            yield break;
        }
        for (int i = 0; i < ours.Count; i++)
        {
            string which = $"{where}, display {i + 1}";
            var expected = ours[i].Value;
            var actual = theirs[i];
            if (expected.Html is { } html)
            {
                if (actual.Html is null)
                    yield return $"{which}: the kernel sent no text/html, only {string.Join(", ", actual.Values.Keys)}";
                else if (
                    FirstDifference(RunVariance.Mask(html), RunVariance.Mask(actual.Html)) is
                    { } difference
                )
                    yield return $"{which}: the kernel's HTML differs from lstmlab run's {difference}";
            }
            else if (PlainText(actual) is { } text && text != expected.PlainText)
                yield return $"{which}: lstmlab run shows the text '{Start(expected.PlainText)}', the kernel '{Start(text)}'";
        }
    }

    // An output of its own that only brings plotly.js for the charts after it (a training view's
    // curve is redrawn in every update, so it cannot carry the bundle itself).
    private static bool CarriesOnlyPlotlyJs(string? html) =>
        html is not null && html.Length > 0 && RunVariance.Mask(html).Trim().Length == 0;

    // The kernel's own output for #r "nuget: …": "Installing Packages", updated to "Installed Packages".
    private static bool IsPackageInstall(string? html) =>
        html?.Contains("<strong>Installed Packages</strong>", StringComparison.Ordinal) == true;

    // What the kernel shows as text: text/plain, or the <pre> of its plain-text HTML.
    private static string? PlainText(KernelDisplay display)
    {
        if (display.Values.TryGetValue("text/plain", out string? text))
            return text;
        var match = KernelPlainText().Match(display.Html ?? "");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    private static string? FirstDifference(string expected, string actual)
    {
        int at = 0;
        while (at < expected.Length && at < actual.Length && expected[at] == actual[at])
            at++;
        if (at == expected.Length && at == actual.Length)
            return null;
        int from = Math.Max(0, at - 60);
        return $"at character {at} of {expected.Length} (kernel: {actual.Length}): "
            + $"lstmlab run '…{Slice(expected, from)}…', kernel '…{Slice(actual, from)}…'";
    }

    private static string Slice(string text, int from) =>
        from >= text.Length ? "" : text.Substring(from, Math.Min(160, text.Length - from));

    private static string Start(string text) => text.Length <= 200 ? text : text[..200] + "…";

    private static string FirstLine(string? text) => (text ?? "").Split('\n')[0];

    private static string Error(CellResult cell) =>
        cell.Outputs.OfType<ErrorOutput>().LastOrDefault()?.Headline ?? "";
}
