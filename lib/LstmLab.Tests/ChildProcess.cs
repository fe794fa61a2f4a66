using System.Diagnostics;

namespace LstmLab.Tests;

/// <summary>
/// Runs a program the way a user's shell would, from inside the test run: without the outer run's
/// MSBuild and test-host settings, which would otherwise leak into a child's <c>dotnet</c> build.
/// </summary>
internal static class ChildProcess
{
    /// <summary>
    /// Runs <paramref name="program"/> in <paramref name="folder"/> and returns its exit status and its
    /// stdout then stderr; after <paramref name="timeout"/> it is killed with its children and the status is -1.
    /// </summary>
    public static (int Status, string Output) Run(
        string program,
        IEnumerable<string> arguments,
        string folder,
        TimeSpan timeout
    )
    {
        var (status, output, error) = RunApart(program, arguments, folder, timeout);
        return (status, output + error);
    }

    /// <summary>
    /// <see cref="Run"/> with stdout and stderr apart, and the variables in <paramref name="environment"/> set for the
    /// child.
    /// </summary>
    public static (int Status, string Output, string Error) RunApart(
        string program,
        IEnumerable<string> arguments,
        string folder,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null
    )
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string name in start.Environment.Keys.ToList())
            if (
                name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
            )
                start.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (
                -1,
                output.Result,
                $"still running after {timeout.TotalMinutes} min\n{error.Result}"
            );
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
