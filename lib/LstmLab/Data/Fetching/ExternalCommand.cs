using System.Diagnostics;

namespace LstmLab.Data;

/// <summary>Runs a system tool (apt-get, dpkg) and turns a failure into an error that quotes it.</summary>
internal static class ExternalCommand
{
    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/> in <paramref name="folder"/>.</summary>
    public static void Run(string program, IReadOnlyList<string> arguments, string folder)
    {
        string commandLine = program + " " + string.Join(" ", arguments);
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{commandLine}' could not start: {e.Message}", e);
        }
        using (process)
        {
            // Drain stdout while reading stderr, so that a chatty tool never blocks on a full pipe.
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            _ = stdout.Result;
            if (process.ExitCode != 0)
                throw new InvalidOperationException(
                    $"'{commandLine}' failed with exit code {process.ExitCode}: {stderr.Trim()}"
                );
        }
    }
}
