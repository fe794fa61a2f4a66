using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LstmLab.Tests.Notebooks;

/// <summary>A real <c>lstmlab</c> process (the CLI built beside the tests), and the signals a terminal sends it.</summary>
internal sealed partial class LstmlabProcess : IDisposable
{
    public const int SigInt = 2,
        SigKill = 9,
        SigTerm = 15;

    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private readonly Process process;
    private readonly Task<string> stdout;
    private readonly System.Text.StringBuilder stderr = new();

    private LstmlabProcess(Process process)
    {
        this.process = process;
        stdout = process.StandardOutput.ReadToEndAsync();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
                stderr.Append(e.Data).Append('\n');
        };
        process.BeginErrorReadLine();
    }

    private string Stderr
    {
        get
        {
            lock (stderr)
                return stderr.ToString();
        }
    }

    /// <summary>
    /// Waits (bounded) until the process has written <paramref name="text"/> to stderr: a signal
    /// sent before the previous one was handled would merge with it (Linux does not queue them).
    /// </summary>
    public async Task WaitForStderrAsync(string text) => await WaitForTextAsync(() => Stderr, text);

    /// <summary>Waits (bounded) until <paramref name="read"/> returns a text holding <paramref name="text"/>.</summary>
    public static async Task WaitForTextAsync(Func<string> read, string text)
    {
        var clock = Stopwatch.StartNew();
        while (!read().Contains(text, StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < Bound, $"'{text}' did not appear in:\n{read()}");
            await Task.Delay(50);
        }
    }

    public int Id => process.Id;

    /// <summary>The lstmlab program built beside the tests.</summary>
    public static string CliPath => Path.Combine(AppContext.BaseDirectory, "LstmLab.Cli.dll");

    /// <summary>The parent of process <paramref name="pid"/> (Linux: the 4th field of /proc/PID/stat).</summary>
    public static int ParentOf(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
    }

    /// <summary>Starts <c>dotnet LstmLab.Cli.dll ARGS</c>.</summary>
    public static LstmlabProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliPath);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        return new LstmlabProcess(Process.Start(start)!);
    }

    /// <summary>Runs lstmlab to its end: exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        params string[] args
    )
    {
        using var run = Start(args);
        return await run.EndAsync();
    }

    /// <summary>Waits (bounded) for the process to end.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> EndAsync()
    {
        await process.WaitForExitAsync().WaitAsync(Bound);
        process.WaitForExit(); // the end of stderr
        return (process.ExitCode, await stdout, Stderr);
    }

    /// <summary>Sends <paramref name="signal"/> to the process, as Ctrl+C (SIGINT) or `kill` does.</summary>
    public void Signal(int signal) => Send(process.Id, signal);

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/>.</summary>
    public static void Send(int pid, int signal) =>
        Assert.True(kill(pid, signal) == 0, $"kill({pid}, {signal}) failed");

    /// <summary>Waits (bounded) until process <paramref name="pid"/> no longer exists.</summary>
    public static async Task WaitGoneAsync(int pid)
    {
        var clock = Stopwatch.StartNew();
        while (kill(pid, 0) == 0)
        {
            Assert.True(clock.Elapsed < Bound, $"process {pid} is still running");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits (bounded) for a fixture's marker file and returns the process id in it.</summary>
    public static async Task<int> WaitForMarkerAsync(string marker, Task? run = null)
    {
        var clock = Stopwatch.StartNew();
        while (!File.Exists(marker))
        {
            Assert.True(clock.Elapsed < Bound, $"{marker} was not written");
            if (run is { IsCompleted: true })
                await run; // ended early: show why
            await Task.Delay(50);
        }
        return int.Parse(File.ReadAllText(marker));
    }

    public void Dispose()
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        process.Dispose();
    }

    /// <summary>The dotnet that runs the tests.</summary>
    public static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host
            ? host
            : Path.GetFullPath(
                Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet")
            );

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
