using System.Diagnostics;

namespace LstmLab.Data;

/// <summary>
/// Runs a system tool (npm, apt-get, dpkg) and turns a failure into an error that quotes the tool's
/// own message, so that the real cause ("No space left on device") is what the user reads.
/// </summary>
internal static class ExternalCommand
{
    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="arguments"/> in <paramref name="folder"/>
    /// and returns what it printed on stdout. <paramref name="install"/> says how to get the tool
    /// when it cannot be started; <paramref name="exitMeaning"/> may explain a tool's exit code.
    /// </summary>
    /// <exception cref="ExternalCommandException">The tool could not start, or it exited with a code other than 0.</exception>
    public static string Run(
        string program,
        IReadOnlyList<string> arguments,
        string folder,
        string install,
        Func<int, string?>? exitMeaning = null
    )
    {
        string commandLine = Path.GetFileName(program) + " " + string.Join(" ", arguments);
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
            throw new ExternalCommandException(
                $"'{commandLine}' could not start: {e.Message}. {install}",
                e
            );
        }
        using (process)
        {
            // Drain stdout while reading stderr, so that a chatty tool never blocks on a full pipe.
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd().Trim();
            process.WaitForExit();
            string output = stdout.Result;
            if (process.ExitCode == 0)
                return output;
            string? meaning = exitMeaning?.Invoke(process.ExitCode);
            string said = stderr.Length > 0 ? stderr : "(nothing on stderr)";
            bool diskFull =
                said.Contains("No space left on device", StringComparison.OrdinalIgnoreCase)
                || (meaning?.Contains("No space left on device") ?? false);
            throw new ExternalCommandException(
                $"'{commandLine}' failed with exit code {process.ExitCode}"
                    + (meaning is null ? "" : $" ({meaning})")
                    + $": {said}"
                    + (
                        diskFull
                            ? $"\nThe disk is full: free some space (the cache is in {Path.GetDirectoryName(folder)}) and fetch again."
                            : ""
                    )
            );
        }
    }
}

/// <summary>A system tool that could not start or that failed; the message quotes its error.</summary>
internal sealed class ExternalCommandException(string message, Exception? inner = null)
    : InvalidOperationException(message, inner);
