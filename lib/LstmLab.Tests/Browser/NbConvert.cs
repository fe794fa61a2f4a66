using System.Diagnostics;

namespace LstmLab.Tests.Browser;

/// <summary>
/// Debian's <c>jupyter nbconvert --to html</c>: an .ipynb as Jupyter's static page. A test that uses it is
/// skipped, with the command that installs it, where nbconvert is missing.
/// </summary>
internal static class NbConvert
{
    public const string Executable = "/usr/bin/jupyter";

    /// <summary>Converts <paramref name="ipynbPath"/> to HTML beside it; returns the page's path.</summary>
    public static string ToHtml(string ipynbPath)
    {
        Needs.NbConvert(Executable);
        string folder = Path.GetDirectoryName(Path.GetFullPath(ipynbPath))!;
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (
            string argument in new[]
            {
                "nbconvert",
                "--to",
                "html",
                "--output-dir",
                folder,
                ipynbPath,
            }
        )
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"jupyter nbconvert --to html {ipynbPath} exited with {process.ExitCode}: {errors}{output.Result}"
            );
        return Path.ChangeExtension(Path.GetFullPath(ipynbPath), ".html");
    }
}
