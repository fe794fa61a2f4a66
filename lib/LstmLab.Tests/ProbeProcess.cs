using System.Diagnostics;

namespace LstmLab.Tests;

/// <summary>
/// Runs one of this test assembly's probes (<c>dotnet LstmLab.Tests.dll &lt;command&gt;</c>, see
/// Reproducibility/TestAssemblyEntry.cs) in a process of its own, so that what it measures starts from nothing
/// compiled and its environment can switch CPU features off.
/// </summary>
internal static class ProbeProcess
{
    /// <summary>
    /// The lines the probe <paramref name="command"/> printed, with <paramref name="switchedOff"/> (a DOTNET_Enable…
    /// variable) set to 0 when given; fails the test, with the probe's stderr, when it exits with another status than 0.
    /// </summary>
    public static string[] Run(string command, string? switchedOff = null)
    {
        string assembly = typeof(ProbeProcess).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add(command);
        if (switchedOff is not null)
            start.Environment[switchedOff] = "0";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(
            process.ExitCode == 0,
            $"dotnet {assembly} {command} with {switchedOff ?? "no switch"} exited {process.ExitCode}: {stderr.Result}"
        );
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
