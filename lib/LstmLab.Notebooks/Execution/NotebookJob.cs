using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Output;
using LstmLab.Notebooks.Parameters;

namespace LstmLab.Notebooks.Execution;

/// <summary>What <c>lstmlab run</c> was asked to do.</summary>
/// <param name="NotebookPath">The .dib file.</param>
public sealed record RunRequest(string NotebookPath)
{
    /// <summary>Parameter values from <c>--set name=value</c> (text, checked against the parameter's type).</summary>
    public IReadOnlyDictionary<string, string> Set { get; init; } =
        new Dictionary<string, string>();

    /// <summary>Use each parameter's <c>// quick:</c> value (<c>--quick</c>); <see cref="Set"/> still wins.</summary>
    public bool Quick { get; init; }

    /// <summary>Where the HTML report goes; null: <c>out/NAME.html</c> in the checkout.</summary>
    public string? HtmlPath { get; init; }

    /// <summary>Where the executed notebook goes; null: <c>out/NAME.ipynb</c> in the checkout.</summary>
    public string? IpynbPath { get; init; }
}

/// <summary>A notebook ready to run: parsed, its parameters applied.</summary>
/// <param name="Notebook">The notebook with the effective parameter values in its parameters cell.</param>
/// <param name="Parameters">The effective values.</param>
/// <param name="HtmlPath">Where the report will be written.</param>
/// <param name="IpynbPath">Where the executed notebook will be written.</param>
public sealed record PreparedRun(
    Notebook Notebook,
    IReadOnlyList<ParameterValue> Parameters,
    string HtmlPath,
    string IpynbPath
);

/// <summary>How a run ended, and where its files went.</summary>
/// <param name="ExitCode"><see cref="NotebookJob.Succeeded"/> or <see cref="NotebookJob.CellFailed"/>.</param>
/// <param name="Result">Every cell's outputs.</param>
/// <param name="HtmlPath">The report written.</param>
/// <param name="IpynbPath">The executed notebook written.</param>
/// <param name="PicturesLeftOut">Why the .ipynb's charts lack some static pictures (no browser, say); null when none is missing.</param>
public sealed record RunOutcome(
    int ExitCode,
    RunResult Result,
    string HtmlPath,
    string IpynbPath,
    string? PicturesLeftOut = null
);

/// <summary>
/// <c>lstmlab run</c> without the terminal: prepare (parse, parameters), run, write the report and
/// the executed .ipynb, and choose the exit code (0 ok, 1 bad input, 2 a cell failed, like dotnet-repl).
/// </summary>
public static class NotebookJob
{
    /// <summary>Every cell ran.</summary>
    public const int Succeeded = 0;

    /// <summary>The notebook or the command line could not be used (<see cref="NotebookException"/>).</summary>
    public const int InputError = 1;

    /// <summary>A cell failed; the report and the .ipynb were still written.</summary>
    public const int CellFailed = 2;

    /// <summary>
    /// Parses the notebook, applies the parameters and checks its <c>#r</c> targets; throws
    /// <see cref="NotebookException"/> when any of that fails.
    /// </summary>
    public static PreparedRun Prepare(RunRequest request)
    {
        var notebook = DibParser.Load(request.NotebookPath);
        var (applied, values) = ParameterBinding.Apply(notebook, request.Set, request.Quick);
        NotebookRunner.Check(applied);
        return new PreparedRun(
            applied,
            values,
            Path.GetFullPath(request.HtmlPath ?? DefaultOutput(notebook, ".html")),
            Path.GetFullPath(request.IpynbPath ?? DefaultOutput(notebook, ".ipynb"))
        );
    }

    /// <summary>
    /// Runs a prepared notebook and writes its report and executed .ipynb, even when a cell fails;
    /// the .ipynb's charts get static pictures drawn by <paramref name="painter"/> (Chromium on the PATH by default).
    /// </summary>
    public static async Task<RunOutcome> RunAsync(
        PreparedRun prepared,
        RunOptions options,
        RunObserver? observer = null,
        HtmlReport? report = null,
        ChromiumPainter? painter = null
    )
    {
        var result = await new NotebookRunner(options).RunAsync(
            prepared.Notebook,
            prepared.Parameters,
            observer
        );
        Save(prepared.HtmlPath, path => (report ?? new HtmlReport()).Write(result, path));
        var pictures = (painter ?? new ChromiumPainter()).Draw(
            result
                .Cells.SelectMany(c => c.Outputs)
                .OfType<DisplayOutput>()
                .Select(d => d.Value.ChartJson)
                .OfType<string>()
        );
        Save(prepared.IpynbPath, path => IpynbWriter.Write(result, path, pictures));
        return new RunOutcome(
            result.Succeeded ? Succeeded : CellFailed,
            result,
            prepared.HtmlPath,
            prepared.IpynbPath,
            pictures.LeftOut
        );
    }

    private static void Save(string path, Action<string> write)
    {
        try
        {
            write(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NotebookException($"Could not write {path}: {e.Message}");
        }
    }

    /// <summary><c>out/NAME.ext</c> in the LSTM Lab checkout holding the notebook (else the current folder).</summary>
    public static string DefaultOutput(Notebook notebook, string extension)
    {
        string root = Checkout.Find(notebook.Folder) ?? Environment.CurrentDirectory;
        return Path.Combine(root, "out", notebook.Name + extension);
    }
}
