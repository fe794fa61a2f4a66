using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Execution;
using LstmLab.Notebooks.Formatting;
using LstmLab.Notebooks.Output;
using LstmLab.Notebooks.Parameters;

namespace LstmLab.Notebooks.Apps;

/// <summary>
/// The notebook behind a .NET file-based app that <c>lstmlab export</c> wrote: reads the app's command
/// line as <c>lstmlab run</c> reads its own (<c>--quick</c>, <c>--set name=value</c>, <c>--html</c>,
/// <c>--ipynb</c>), gives the parameters their values, shows each value in the terminal, and collects
/// every cell's console text and values for the same HTML report and .ipynb that <c>lstmlab run</c>
/// writes (<see cref="HtmlReport"/>, <see cref="IpynbWriter"/>). A cell that throws ends the app
/// with the error under that cell in the report, exit code 2; a bad argument exits 1.
/// </summary>
public sealed class NotebookApp
{
    private readonly Notebook notebook;
    private readonly AppArguments arguments;
    private readonly TextWriter terminal;
    private readonly IOutputFormatter formatter = new KernelConventionFormatter();
    private readonly List<CellResult> finished = [];
    private readonly List<ParameterValue> parameters = [];
    private readonly DateTimeOffset started = DateTimeOffset.Now;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Stopwatch cellClock = new();
    private readonly List<NotebookCell> codeCells;
    private int parametersChecked;
    private CellCapture? capture;

    private NotebookApp(Notebook notebook, AppArguments arguments)
    {
        this.notebook = notebook;
        this.arguments = arguments;
        codeCells = notebook.Cells.Where(c => c.IsCode).ToList();
        terminal = Console.Out;
        Running = this;
        Console.SetOut(new TeeWriter(Console.Out, "stdout", () => capture));
        Console.SetError(new TeeWriter(Console.Error, "stderr", () => capture));
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
            Fail(e.ExceptionObject as Exception ?? new Exception($"{e.ExceptionObject}"));
    }

    /// <summary>
    /// Reads <paramref name="args"/> and the app's own source (<paramref name="sourcePath"/>, filled in
    /// by the compiler) and makes the app's folder the working directory, as a notebook's cells run in
    /// the notebook's folder. A bad argument ends the app here with exit code 1.
    /// </summary>
    public static NotebookApp Start(string[] args, [CallerFilePath] string sourcePath = "")
    {
        try
        {
            var arguments = AppArguments.Parse(args);
            var notebook = AppSource.Read(sourcePath);
            foreach (string? output in new[] { arguments.HtmlPath, arguments.IpynbPath })
                if (output == notebook.Path)
                    throw new NotebookException(
                        $"{output} is this app's own source; name another file for the output."
                    );
            Environment.CurrentDirectory = notebook.Folder;
            return new NotebookApp(notebook, arguments);
        }
        catch (Exception e) when (e is NotebookException or IOException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Environment.Exit(NotebookJob.InputError);
            throw;
        }
    }

    /// <summary>A parameter without a quick value: <paramref name="value"/>, unless <c>--set</c> gives another.</summary>
    public T Parameter<T>(string name, T value, [CallerLineNumber] int line = 0)
        where T : notnull => Resolve(name, value, default, hasQuick: false, line);

    /// <summary>A parameter: <paramref name="value"/>, or <paramref name="quick"/> with <c>--quick</c>, unless <c>--set</c> gives another.</summary>
    public T Parameter<T>(string name, T value, T quick, [CallerLineNumber] int line = 0)
        where T : notnull => Resolve(name, value, quick, hasQuick: true, line);

    /// <summary>Ends the running cell and starts the next one: what follows is the next cell's code.</summary>
    public void Cell()
    {
        FinishCell(CellStatus.Ok, null);
        if (parameters.Count > parametersChecked)
            CheckSetNames();
        capture = new CellCapture();
        cellClock.Restart();
    }

    /// <summary>
    /// Shows <paramref name="value"/> under the running cell, like the kernel's <c>display</c>: its text
    /// in the terminal, its HTML (charts, tables) in the report.
    /// </summary>
    /// <returns>A handle whose <see cref="DisplayedValue.Update"/> replaces the shown value.</returns>
    public DisplayedValue Show(object? value)
    {
        var cell =
            capture
            ?? throw new InvalidOperationException(
                "notebook.Show was called before notebook.Cell()."
            );
        var formatted = formatter.Format(value);
        terminal.WriteLine(formatted.PlainText);
        int index = cell.Add(new DisplayOutput(formatted, IsResult: false));
        return new DisplayedValue(v => cell.Replace(index, formatter.Format(v)));
    }

    /// <summary>The app of this process, once started: where the library's live displays go.</summary>
    internal static NotebookApp? Running { get; private set; }

    /// <summary>
    /// Shows <paramref name="value"/> like <see cref="Show"/>, for a value the library updates in place
    /// (training progress): each update redraws its first line in the terminal and replaces it in the report.
    /// </summary>
    internal DisplayedValue? ShowLive(object value)
    {
        if (capture is not { } cell)
            return null;
        int index = cell.Add(new DisplayOutput(formatter.Format(value), IsResult: false));
        return new DisplayedValue(v =>
        {
            var formatted = formatter.Format(v);
            cell.Replace(index, formatted);
            terminal.Write("\r" + formatted.PlainText.Split('\n')[0]);
        });
    }

    /// <summary>Ends the last cell and writes the report and the .ipynb the command line asked for.</summary>
    public void End()
    {
        FinishCell(CellStatus.Ok, null);
        CheckSetNames();
        if (!WriteOutputs())
            Environment.ExitCode = NotebookJob.InputError;
    }

    private T Resolve<T>(string name, T value, T? quick, bool hasQuick, int line)
        where T : notnull
    {
        var type = TypeOf<T>();
        var parameter = new NotebookParameter(
            name,
            type,
            Literal(type, value),
            hasQuick ? Literal(type, quick!) : null,
            line
        );
        if (arguments.Set.TryGetValue(name, out string? text))
        {
            string literal =
                type.ToLiteral(text)
                ?? throw new NotebookException(
                    $"--set {name}={text}: parameter '{name}' ({notebook.Where(line)}) is {type.WithArticle()}; '{text}' is not {type.WithArticle()}."
                );
            parameters.Add(new ParameterValue(parameter, literal, ParameterOrigin.Set));
            return type == ParameterType.String ? (T)(object)text : Parse<T>(type, literal);
        }
        if (arguments.Quick && hasQuick)
        {
            parameters.Add(new ParameterValue(parameter, parameter.Quick!, ParameterOrigin.Quick));
            return quick!;
        }
        parameters.Add(new ParameterValue(parameter, parameter.Default, ParameterOrigin.Default));
        return value;
    }

    // A --set for a name no parameter has is refused once the parameters cell has run.
    private void CheckSetNames()
    {
        parametersChecked = parameters.Count;
        foreach (
            string name in arguments.Set.Keys.Where(n => parameters.All(p => p.Parameter.Name != n))
        )
            throw new NotebookException(
                $"--set {name}: {Path.GetFileName(notebook.Path)} has no parameter '{name}'. "
                    + $"Its parameters: {ParametersCell.Describe(parameters.Select(p => p.Parameter))}."
            );
    }

    private static bool IsCode(CellResult result) => result.Cell.IsCode;

    private void FinishCell(CellStatus status, ErrorOutput? error)
    {
        if (capture is null)
            return;
        if (error is not null)
            capture.Add(error);
        var cell = codeCells[finished.Count(IsCode)];
        finished.Add(new CellResult(cell, status, capture.Snapshot(), cellClock.Elapsed));
        capture = null;
    }

    // Whatever a cell threw: the error under it, the report of everything that ran, exit code 2.
    private void Fail(Exception e)
    {
        if (e is NotebookException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Environment.Exit(NotebookJob.InputError);
        }
        var running = capture is null ? null : codeCells[finished.Count(IsCode)];
        var error = new ErrorOutput(
            e.GetType().FullName ?? e.GetType().Name,
            e.Message,
            running is null ? null : Locate(e),
            e.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToList()
        );
        FinishCell(CellStatus.Failed, error);
        terminal.Flush();
        Console.Error.WriteLine(
            $"error: {(running is null ? "" : $"cell {running.Number} failed: ")}{error.Headline}"
                + (error.Location is null ? "" : $" at {error.Location}")
        );
        WriteOutputs();
        Environment.Exit(NotebookJob.CellFailed);
    }

    // "cell 6, line 2 (01-mnist-lstm.cs line 80)": the innermost frame in the app's own source.
    private string? Locate(Exception e)
    {
        foreach (var frame in new StackTrace(e, fNeedFileInfo: true).GetFrames())
        {
            int fileLine = frame.GetFileLineNumber();
            if (frame.GetFileName() != notebook.Path || fileLine <= 0)
                continue;
            var cell = codeCells.LastOrDefault(c => c.FirstLine <= fileLine);
            if (cell is not null)
                return $"cell {cell.Number}, line {fileLine - cell.FirstLine + 1} ({notebook.Where(fileLine)})";
        }
        return null;
    }

    // Each output is attempted on its own; a failure is shown and the other is still written.
    private bool WriteOutputs()
    {
        var run = new RunResult(
            notebook,
            parameters,
            [.. notebook.Cells.Select(Result)],
            started,
            clock.Elapsed,
            MachineInfo.Current()
        );
        bool ok = true;
        foreach (
            var (path, write) in new (string?, Action<string>)[]
            {
                (arguments.HtmlPath, p => new HtmlReport().Write(run, p)),
                (arguments.IpynbPath, p => IpynbWriter.Write(run, p)),
            }
        )
        {
            if (path is null)
                continue;
            try
            {
                write(path);
                terminal.WriteLine($"wrote {path}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: could not write {path}: {e.Message}");
                ok = false;
            }
        }
        return ok;
    }

    private CellResult Result(NotebookCell cell) =>
        finished.FirstOrDefault(r => r.Cell == cell)
        ?? new CellResult(cell, cell.IsCode ? CellStatus.NotRun : CellStatus.Ok, [], TimeSpan.Zero);

    private static ParameterType TypeOf<T>() =>
        Type.GetTypeCode(typeof(T)) switch
        {
            TypeCode.Int32 => ParameterType.Int,
            TypeCode.Double => ParameterType.Double,
            TypeCode.Single => ParameterType.Float,
            TypeCode.Boolean => ParameterType.Bool,
            TypeCode.String => ParameterType.String,
            _ => throw new ArgumentException(
                $"A parameter is an int, double, float, bool or string, not {typeof(T).Name}."
            ),
        };

    private static string Literal<T>(ParameterType type, T value)
        where T : notnull =>
        type.ToLiteral(Convert.ToString(value, CultureInfo.InvariantCulture)!)!;

    private static T Parse<T>(ParameterType type, string literal)
    {
        var invariant = CultureInfo.InvariantCulture;
        object value = type switch
        {
            ParameterType.Int => int.Parse(literal, invariant),
            ParameterType.Double => double.Parse(literal, invariant),
            ParameterType.Float => float.Parse(literal.TrimEnd('f'), invariant),
            _ => bool.Parse(literal),
        };
        return (T)value;
    }
}
