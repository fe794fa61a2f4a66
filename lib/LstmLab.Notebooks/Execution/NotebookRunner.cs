using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Packages;
using LstmLab.Notebooks.Parameters;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace LstmLab.Notebooks.Execution;

/// <summary>
/// Runs a notebook's C# cells in order in one Roslyn script state, as the .NET Interactive C#
/// kernel does: the first cell as a new script, each next one continuing the previous state
/// (<c>ContinueWith</c>), the kernel's default imports, <c>#r</c> paths relative to the
/// notebook's folder (also the working directory while cells run), and the value of a trailing
/// expression shown like <c>display(x)</c>. The first cell that fails stops the run; the result
/// still holds every cell, so the report and the .ipynb show where and why it stopped.
/// </summary>
public sealed class NotebookRunner(RunOptions? options = null)
{
    // The usings the kernel adds to every C# submission (dotnet/interactive CSharpKernel).
    private static readonly string[] KernelImports =
    [
        "System",
        "System.Text",
        "System.Collections",
        "System.Collections.Generic",
        "System.Threading.Tasks",
        "System.Linq",
    ];

    private readonly RunOptions options = options ?? new RunOptions();

    /// <summary>
    /// Checks what can be checked before running (every <c>#r</c> target exists) and throws
    /// <see cref="NotebookException"/> when the notebook cannot start; then runs it.
    /// </summary>
    /// <param name="notebook">The notebook as it should run (parameters already applied).</param>
    /// <param name="parameters">The effective parameter values, recorded in the result.</param>
    /// <param name="observer">Told of each cell's start and end, for a progress display.</param>
    public async Task<RunResult> RunAsync(
        Notebook notebook,
        IReadOnlyList<ParameterValue> parameters,
        RunObserver? observer = null
    )
    {
        observer ??= new RunObserver();
        var directives = notebook
            .Cells.Where(c => c.IsCode)
            .ToDictionary(c => c.Number, c => CellDirectives.Read(notebook, c));
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        var results = new List<CellResult>();
        var session = new Session(notebook, options, BaseOptions(notebook.Folder));
        string workingDirectory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = notebook.Folder;
        try
        {
            int index = 0;
            foreach (var cell in notebook.Cells)
            {
                CellResult result;
                if (results.Any(r => r.Status == CellStatus.Failed))
                    result = new CellResult(cell, CellStatus.NotRun, [], TimeSpan.Zero);
                else if (!cell.IsCode)
                    result = new CellResult(cell, CellStatus.Ok, [], TimeSpan.Zero);
                else
                {
                    observer.CellStarted(cell, ++index, directives.Count);
                    result = await session.RunCellAsync(cell, directives[cell.Number], observer);
                }
                results.Add(result);
                observer.CellFinished(result);
            }
        }
        finally
        {
            Environment.CurrentDirectory = workingDirectory;
        }
        return new RunResult(
            notebook,
            parameters,
            results,
            started,
            clock.Elapsed,
            MachineInfo.Current()
        );
    }

    /// <summary>
    /// Throws <see cref="NotebookException"/> when a cell of <paramref name="notebook"/> cannot start:
    /// an <c>#r</c> that names a missing file. <see cref="RunAsync"/> checks this too, before any cell runs.
    /// </summary>
    public static void Check(Notebook notebook)
    {
        foreach (var cell in notebook.Cells.Where(c => c.IsCode))
            CellDirectives.Read(notebook, cell);
    }

    private static ScriptOptions BaseOptions(string folder) =>
        ScriptOptions
            .Default.WithLanguageVersion(LanguageVersion.Latest)
            .AddImports(KernelImports)
            .AddReferences(
                typeof(Enumerable).Assembly,
                typeof(IEnumerable<>).Assembly,
                typeof(Task<>).Assembly,
                typeof(NotebookGlobals).Assembly
            )
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(folder))
            .WithSourceResolver(new SourceFileResolver([], folder))
            .WithEmitDebugInformation(true)
            .WithFileEncoding(System.Text.Encoding.UTF8);

    /// <summary>The script state shared by one run's cells.</summary>
    private sealed class Session(Notebook notebook, RunOptions options, ScriptOptions scriptOptions)
    {
        private readonly NotebookGlobals globals = new(options.Formatter);
        private readonly NotebookPackages packages = new();
        private ScriptState<object>? state;

        public async Task<CellResult> RunCellAsync(
            NotebookCell cell,
            CellDirectives directives,
            RunObserver observer
        )
        {
            var capture = new CellCapture(observer.ConsoleLine);
            foreach (var warning in directives.Warnings)
                capture.Add(new WarningOutput(warning));
            if (directives.Error is not null)
            {
                capture.Add(new ErrorOutput("NotSupportedException", directives.Error, null, []));
                return new CellResult(cell, CellStatus.Failed, capture.Snapshot(), TimeSpan.Zero);
            }
            foreach (var path in directives.References)
                scriptOptions = AddReference(scriptOptions, path);
            foreach (var source in directives.PackageSources)
                packages.AddSource(source);
            try
            {
                if (directives.Packages.Count > 0)
                    foreach (var path in packages.Restore(directives.Packages))
                        scriptOptions = AddReference(scriptOptions, path);
            }
            catch (PackageRestoreException e)
            {
                capture.Add(new ErrorOutput(nameof(PackageRestoreException), e.Message, null, []));
                return new CellResult(cell, CellStatus.Failed, capture.Snapshot(), TimeSpan.Zero);
            }
            var cellOptions = scriptOptions.WithFilePath(CellErrors.FileName(notebook, cell));

            globals.Enter(capture);
            var clock = Stopwatch.StartNew();
            var script = state is null
                ? CSharpScript.Create(directives.Code, cellOptions, typeof(NotebookGlobals))
                : state.Script.ContinueWith(directives.Code, cellOptions);
            // Compiled before the clock of --cell-timeout starts: Roslyn's first compile alone takes seconds.
            var errors = script
                .Compile()
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .ToList();
            var error = errors.Count > 0 ? CellErrors.Compilation(notebook, cell, errors) : null;
            if (error is null)
            {
                using (ConsoleCapture.Into(capture))
                    error = await RunAsync(cell, script);
            }
            var elapsed = clock.Elapsed;
            if (error is not null)
            {
                capture.Add(error);
                return new CellResult(cell, CellStatus.Failed, capture.Snapshot(), elapsed);
            }
            if (state!.ReturnValue is { } value)
                capture.Add(new DisplayOutput(options.Formatter.Format(value), IsResult: true));
            return new CellResult(cell, CellStatus.Ok, capture.Snapshot(), elapsed);
        }

        // Runs the compiled cell on its own thread, so that one that never returns can be abandoned.
        private async Task<ErrorOutput?> RunAsync(NotebookCell cell, Script<object> script)
        {
            var run = Task
                .Factory.StartNew(
                    () => state is null ? script.RunAsync(globals) : script.RunFromAsync(state),
                    CancellationToken.None,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default
                )
                .Unwrap();
            try
            {
                state = options.CellTimeout is { } timeout
                    ? await run.WaitAsync(timeout)
                    : await run;
                return null;
            }
            catch (TimeoutException) when (!run.IsCompleted)
            {
                return CellErrors.Timeout(notebook, cell, options.CellTimeout!.Value);
            }
            catch (Exception e)
            {
                return CellErrors.Runtime(notebook, cell, e);
            }
        }

        // A notebook's `#r` of LstmLab.dll names the library the runner itself is built with (same name
        // and version, another folder): reference the runner's copy, so the cell's types are the runner's.
        private static ScriptOptions AddReference(ScriptOptions options, string path)
        {
            var host = HostAssembly(path);
            return host is not null
                ? options.AddReferences(host)
                : options.AddReferences(MetadataReference.CreateFromFile(path));
        }

        private static Assembly? HostAssembly(string path)
        {
            try
            {
                var name = AssemblyName.GetAssemblyName(path);
                // Loads it from the runner's own dependencies if they include it, else throws.
                var host = AssemblyLoadContext.Default.LoadFromAssemblyName(
                    new AssemblyName(name.Name!)
                );
                return host.GetName().Version == name.Version && host.Location.Length > 0
                    ? host
                    : null;
            }
            catch (Exception e)
                when (e is BadImageFormatException or FileNotFoundException or FileLoadException)
            {
                return null;
            }
        }
    }
}
