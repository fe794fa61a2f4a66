using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Packages;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace LstmLab.Notebooks.Execution;

/// <summary>
/// The Roslyn script state one run's cells share, as in the .NET Interactive C# kernel: the first
/// cell as a new script, each next one continuing the previous state (<c>ContinueWith</c>), the
/// kernel's default imports, <c>#r</c> paths relative to the notebook's folder, and the value of a
/// trailing expression shown like <c>display(x)</c>. Used in the notebook worker process and by
/// the in-process <see cref="NotebookRunner"/>.
/// </summary>
internal sealed class NotebookSession(Notebook notebook, RunOptions options)
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

    private readonly NotebookGlobals globals = new(options.Formatter);
    private readonly NotebookPackages packages = new();
    private ScriptOptions scriptOptions = BaseOptions(notebook.Folder);
    private ScriptState<object>? state;

    /// <summary>
    /// Compiles and runs <paramref name="cell"/>, its outputs going to <paramref name="capture"/>.
    /// <paramref name="compiled"/> is told when the cell compiled and starts running (the clock of
    /// <c>--cell-timeout</c> starts there: Roslyn's first compile alone takes seconds).
    /// </summary>
    public async Task<CellResult> RunCellAsync(
        NotebookCell cell,
        CellDirectives directives,
        CellCapture capture,
        Action? compiled = null
    )
    {
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
        var errors = script.Compile().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var error = errors.Count > 0 ? CellErrors.Compilation(notebook, cell, errors) : null;
        if (error is null)
        {
            compiled?.Invoke();
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

    // Runs the compiled cell on its own thread. In-process (NotebookRunner), a cell past
    // RunOptions.CellTimeout is abandoned there; the worker has no timeout: lstmlab run ends the process.
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
            state = options.CellTimeout is { } timeout ? await run.WaitAsync(timeout) : await run;
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
            return host.GetName().Version == name.Version && host.Location.Length > 0 ? host : null;
        }
        catch (Exception e)
            when (e is BadImageFormatException or FileNotFoundException or FileLoadException)
        {
            return null;
        }
    }
}
