namespace LstmLab.Tests;

/// <summary>
/// Runs one of this test assembly's probes (<c>dotnet LstmLab.Tests.dll &lt;command&gt;</c>, see
/// Reproducibility/TestAssemblyEntry.cs) in a process of its own, so that what it measures starts from nothing
/// compiled and its environment can switch CPU features off.
/// </summary>
internal static class ProbeProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The lines the probe <paramref name="command"/> printed, with <paramref name="switchedOff"/> (a DOTNET_Enable…
    /// variable) set to 0 when given; fails the test, with the probe's stderr, when it exits with another status than 0
    /// or runs longer than 10 minutes.
    /// </summary>
    public static string[] Run(string command, string? switchedOff = null)
    {
        string assembly = typeof(ProbeProcess).Assembly.Location;
        var (status, output, error) = ChildProcess.RunApart(
            "dotnet",
            [assembly, command],
            Environment.CurrentDirectory,
            Timeout,
            switchedOff is null ? null : new Dictionary<string, string> { [switchedOff] = "0" }
        );
        Assert.True(
            status == 0,
            $"dotnet {assembly} {command} with {switchedOff ?? "no switch"} exited {status}: {error}"
        );
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
