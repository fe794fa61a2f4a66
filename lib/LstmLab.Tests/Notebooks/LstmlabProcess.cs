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
    private readonly Task<string> stdout,
        stderr;

    private LstmlabProcess(Process process)
    {
        this.process = process;
        stdout = process.StandardOutput.ReadToEndAsync();
        stderr = process.StandardError.ReadToEndAsync();
    }

    public int Id => process.Id;

    /// <summary>Starts <c>dotnet LstmLab.Cli.dll ARGS</c>.</summary>
    public static LstmlabProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LstmLab.Cli.dll"));
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
        return (process.ExitCode, await stdout, await stderr);
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

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host
            ? host
            : Path.GetFullPath(
                Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet")
            );

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
