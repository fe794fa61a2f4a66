using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using LstmLab.Notebooks.Documents;

namespace LstmLab.Notebooks.Worker;

/// <summary>
/// The supervisor's side of one <c>lstmlab-worker</c> process: starts it with the same .NET, talks
/// to it over a Unix socket (not its stdout, which native code in a cell may write to), keeps the
/// end of its stderr, and says why it ended.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    /// <summary>The worker program's file name, beside LstmLab.Notebooks.dll.</summary>
    public const string AssemblyFileName = "lstmlab-worker.dll";

    // The first lines say what happened ("Stack overflow."), the last ones where.
    private const int FirstLinesKept = 10,
        LastLinesKept = 30;

    private readonly Process process;
    private readonly Socket connection;
    private readonly NetworkStream stream;
    private readonly StreamReader reader;
    private readonly StreamWriter writer;
    private readonly OutputLines stderr;

    private WorkerProcess(Process process, Socket connection, OutputLines stderr)
    {
        this.process = process;
        this.connection = connection;
        this.stderr = stderr;
        stream = new NetworkStream(connection, ownsSocket: false);
        reader = new StreamReader(stream, new UTF8Encoding(false));
        writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
    }

    /// <summary>
    /// Starts a worker in <paramref name="workingDirectory"/> and sends it <paramref name="request"/>.
    /// Returns no worker, and how it ended, when it ended before it connected.
    /// </summary>
    public static async Task<(WorkerProcess? Worker, string? Failure)> StartAsync(
        WorkerRequest request,
        string workingDirectory
    )
    {
        string program = Path.Combine(
            Path.GetDirectoryName(typeof(WorkerProcess).Assembly.Location)!,
            AssemblyFileName
        );
        if (!File.Exists(program))
            throw new NotebookException(
                $"The notebook worker {program} is missing; build lstmlab again (dotnet build -c Release lib/LstmLab.Cli)."
            );
        string socketPath = Path.Combine(
            Path.GetTempPath(),
            $"lstmlab-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}.sock"
        );
        using var listener = new Socket(
            AddressFamily.Unix,
            SocketType.Stream,
            ProtocolType.Unspecified
        );
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "exec", program, "--connect", socketPath })
            start.ArgumentList.Add(arg);
        var process = new Process { StartInfo = start };
        var stderr = new OutputLines();
        process.ErrorDataReceived += (_, e) => Keep(stderr, e.Data);
        // A cell's own console text is captured inside the worker; what reaches its stdout is native
        // code's, kept with stderr for the message if the process dies.
        process.OutputDataReceived += (_, e) => Keep(stderr, e.Data);
        try
        {
            process.Start();
            process.StandardInput.Close();
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var accept = listener.AcceptAsync();
            var exited = process.WaitForExitAsync();
            if (await Task.WhenAny(accept, exited) != accept)
            {
                await exited;
                process.WaitForExit();
                return (null, EndedText(process.ExitCode, Tail(stderr)));
            }
            var worker = new WorkerProcess(process, await accept, stderr);
            await worker.writer.WriteLineAsync(WorkerJson.Line(request));
            await worker.writer.FlushAsync();
            return (worker, null);
        }
        finally
        {
            File.Delete(socketPath);
        }
    }

    /// <summary>The next event, or null when the worker closed the connection (it ended or died).</summary>
    public async Task<WorkerEvent?> ReadAsync()
    {
        try
        {
            return await reader.ReadLineAsync() is { } line
                ? WorkerJson.Read<WorkerEvent>(line)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Asks the worker to stop its cell (training stops at the end of its batch) and run no more.</summary>
    public void Interrupt()
    {
        try
        {
            writer.WriteLine(WorkerCommands.Interrupt);
            writer.Flush();
        }
        catch (IOException) { }
    }

    /// <summary>Ends the worker now.</summary>
    public void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
    }

    /// <summary>Waits for the worker to end (killing it after <paramref name="wait"/>) and says how it ended.</summary>
    public async Task<string> EndedAsync(TimeSpan wait)
    {
        using var patience = new CancellationTokenSource(wait);
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await process.WaitForExitAsync();
        }
        process.WaitForExit(); // the end of stderr
        return EndedText(process.ExitCode, Tail(stderr));
    }

    /// <summary>The last lines the worker wrote to stderr (or stdout).</summary>
    public IReadOnlyList<string> Stderr => Tail(stderr);

    public async ValueTask DisposeAsync()
    {
        connection.Dispose();
        if (!process.HasExited)
        {
            Kill();
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    private static void Keep(OutputLines lines, string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
            return;
        lock (lines)
        {
            if (lines.First.Count < FirstLinesKept)
                lines.First.Add(line.TrimEnd());
            else
            {
                lines.Last.Enqueue(line.TrimEnd());
                if (lines.Last.Count > LastLinesKept)
                {
                    lines.Last.Dequeue();
                    lines.Skipped++;
                }
            }
        }
    }

    private static List<string> Tail(OutputLines lines)
    {
        lock (lines)
            return
            [
                .. lines.First,
                .. lines.Skipped > 0 ? [$"   … ({lines.Skipped} lines)"] : Array.Empty<string>(),
                .. lines.Last,
            ];
    }

    /// <summary>What the worker wrote to stderr and stdout: the first lines, and the last ones.</summary>
    private sealed class OutputLines
    {
        public List<string> First { get; } = [];
        public Queue<string> Last { get; } = new();
        public int Skipped { get; set; }
    }

    // "Stack overflow. (exit code 134, SIGABRT)"; .NET reports a signal's end as 128 + its number.
    private static string EndedText(int exitCode, IReadOnlyList<string> stderr)
    {
        string? signal = exitCode > 128 ? SignalName(exitCode - 128) : null;
        string how = signal is null ? $"exit code {exitCode}" : $"exit code {exitCode}, {signal}";
        string? first = stderr.FirstOrDefault(l => !l.StartsWith("   ", StringComparison.Ordinal));
        if (first is not null)
            return $"{first} ({how})";
        return signal == "SIGKILL"
            ? $"it was killed ({how}; the system ends a process this way when memory runs out)"
            : $"it ended without a message ({how})";
    }

    private static string? SignalName(int number) =>
        number switch
        {
            1 => "SIGHUP",
            2 => "SIGINT",
            3 => "SIGQUIT",
            4 => "SIGILL",
            6 => "SIGABRT",
            7 => "SIGBUS",
            8 => "SIGFPE",
            9 => "SIGKILL",
            11 => "SIGSEGV",
            13 => "SIGPIPE",
            15 => "SIGTERM",
            _ => null,
        };

    // The dotnet that runs this process: the worker needs the same runtime.
    private static string DotnetHost()
    {
        string exe = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
        if (
            Environment.ProcessPath is { } self
            && Path.GetFileName(self).Equals(exe, StringComparison.OrdinalIgnoreCase)
        )
            return self;
        // …/shared/Microsoft.NETCore.App/10.0.x/ → … (the dotnet root)
        string root = Path.GetFullPath(
            Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..")
        );
        string host = Path.Combine(root, exe);
        return File.Exists(host) ? host : exe;
    }
}
