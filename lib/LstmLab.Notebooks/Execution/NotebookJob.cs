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
)
{
    /// <summary>Where an interrupted <c>Fit</c> saves its checkpoint: beside the report, <c>NAME.checkpoint.safetensors</c>.</summary>
    public string CheckpointPath => Path.ChangeExtension(HtmlPath, ".checkpoint.safetensors");
}

/// <summary>How a run ended, and where its files went.</summary>
/// <param name="ExitCode"><see cref="NotebookJob.Succeeded"/>, <see cref="NotebookJob.CellFailed"/> or <see cref="NotebookJob.OutputFailed"/>.</param>
/// <param name="Result">Every cell's outputs.</param>
/// <param name="HtmlPath">The report written.</param>
/// <param name="IpynbPath">The executed notebook written.</param>
/// <param name="WriteFailures">One message per output that could not be written, naming its file and why.</param>
/// <param name="PicturesLeftOut">Why the .ipynb's charts lack some static pictures (no browser, say); null when none is missing.</param>
public sealed record RunOutcome(
    int ExitCode,
    RunResult Result,
    string HtmlPath,
    string IpynbPath,
    IReadOnlyList<string> WriteFailures,
    string? PicturesLeftOut = null
);

/// <summary>
/// <c>lstmlab run</c> without the terminal: prepare (parse, parameters, check the output paths),
/// run the cells in a worker process, write the report and the executed .ipynb after every cell,
/// and choose the exit code (0 ok, 1 bad input, 2 a cell failed or was interrupted, like
/// dotnet-repl; 3 an output could not be written).
/// </summary>
public static class NotebookJob
{
    /// <summary>Every cell ran.</summary>
    public const int Succeeded = 0;

    /// <summary>The notebook or the command line could not be used (<see cref="NotebookException"/>).</summary>
    public const int InputError = 1;

    /// <summary>A cell failed or the run was interrupted; the report and the .ipynb were still written.</summary>
    public const int CellFailed = 2;

    /// <summary>The notebook ran, but the report or the .ipynb could not be written (the other one was still tried).</summary>
    public const int OutputFailed = 3;

    /// <summary>
    /// Parses the notebook, applies the parameters, checks its <c>#r</c> targets and that no output
    /// would overwrite the notebook, the other output or a file lstmlab did not write; throws
    /// <see cref="NotebookException"/> when any of that fails.
    /// </summary>
    public static PreparedRun Prepare(RunRequest request)
    {
        var notebook = DibParser.Load(request.NotebookPath);
        var (applied, values) = ParameterBinding.Apply(notebook, request.Set, request.Quick);
        NotebookRunner.Check(applied);
        var prepared = new PreparedRun(
            applied,
            values,
            Path.GetFullPath(request.HtmlPath ?? DefaultOutput(notebook, ".html")),
            Path.GetFullPath(request.IpynbPath ?? DefaultOutput(notebook, ".ipynb"))
        );
        OutputPaths.Check(notebook.Path, prepared.HtmlPath, prepared.IpynbPath);
        return prepared;
    }

    /// <summary>
    /// Runs a prepared notebook in a worker process and writes its report and executed .ipynb after
    /// every cell and at the end, even when a cell fails, the worker dies or the run is interrupted
    /// through <paramref name="control"/>. Each output is attempted on its own; the ones that could
    /// not be written are in <see cref="RunOutcome.WriteFailures"/>. At the end the .ipynb's charts get
    /// static pictures drawn by <paramref name="painter"/> (Chromium on the PATH by default).
    /// </summary>
    public static async Task<RunOutcome> RunAsync(
        PreparedRun prepared,
        RunOptions options,
        RunObserver? observer = null,
        HtmlReport? report = null,
        RunControl? control = null,
        ChromiumPainter? painter = null
    )
    {
        report ??= new HtmlReport();
        AtomicFile.RemoveStale(prepared.HtmlPath);
        AtomicFile.RemoveStale(prepared.IpynbPath);
        var result = await new WorkerRun(
            prepared,
            options,
            observer ?? new RunObserver(),
            control ?? new RunControl()
        ).RunAsync(snapshot => Write(prepared, snapshot, report, null));
        var pictures = (painter ?? new ChromiumPainter()).Draw(
            result
                .Cells.SelectMany(c => c.Outputs)
                .OfType<DisplayOutput>()
                .Select(d => d.Value.ChartJson)
                .OfType<string>()
        );
        var failures = Write(prepared, result, report, pictures);
        int exitCode =
            failures.Count > 0 ? OutputFailed
            : result.Succeeded ? Succeeded
            : CellFailed;
        return new RunOutcome(
            exitCode,
            result,
            prepared.HtmlPath,
            prepared.IpynbPath,
            failures,
            pictures.LeftOut
        );
    }

    // Each output on its own: a report that does not fit on the disk does not keep the .ipynb from being written.
    private static List<string> Write(
        PreparedRun prepared,
        RunResult result,
        HtmlReport report,
        ChartPictures? pictures
    )
    {
        var failures = new List<string>();
        Attempt(failures, prepared.HtmlPath, () => report.Write(result, prepared.HtmlPath));
        Attempt(
            failures,
            prepared.IpynbPath,
            () => IpynbWriter.Write(result, prepared.IpynbPath, pictures)
        );
        return failures;
    }

    private static void Attempt(List<string> failures, string path, Action write)
    {
        try
        {
            write();
        }
        catch (IOException e)
        {
            failures.Add(e.Message);
        }
        catch (Exception e)
        {
            failures.Add($"Could not write {path}: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary><c>out/NAME.ext</c> in the LSTM Lab checkout holding the notebook (else the current folder).</summary>
    public static string DefaultOutput(Notebook notebook, string extension)
    {
        string root = Checkout.Find(notebook.Folder) ?? Environment.CurrentDirectory;
        return Path.Combine(root, "out", notebook.Name + extension);
    }
}
