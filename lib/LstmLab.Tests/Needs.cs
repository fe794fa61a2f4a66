using System.Diagnostics;
using LstmLab.Data;

namespace LstmLab.Tests;

/// <summary>
/// What a test needs from the machine beyond the checkout: a dataset that only the shared data folder
/// (or a download) provides, Debian's PyTorch, Chromium. When it is absent the test is reported as
/// skipped with the reason and the one command that gets it, so a fresh clone's <c>dotnet test</c>
/// passes; CI has all of them, and <c>.ci/run</c> fails on any skip.
/// </summary>
internal static class Needs
{
    /// <summary>The command that runs the tests with the loaders' opt-in, checksum-verified downloads.</summary>
    public const string DownloadCommand =
        "LSTMLAB_ALLOW_DOWNLOAD=1 dotnet test LstmLab.slnx -c Release";

    /// <summary>
    /// Runs <paramref name="load"/>; when it throws <see cref="DataUnavailableException"/>, skips the
    /// test with the data's name and the command that downloads it.
    /// </summary>
    public static T Data<T>(Func<T> load)
    {
        try
        {
            return load();
        }
        catch (DataUnavailableException e)
        {
            throw new SkipException(DataMissing(e.Message));
        }
    }

    /// <summary>The skip reason for data that is not on this machine, from the loader's message.</summary>
    public static string DataMissing(string loaderMessage) =>
        $"Needs data that is not on this machine. {OneLine(loaderMessage)} Get it with: {DownloadCommand}";

    /// <summary>Skips the test unless Debian's PyTorch imports in <c>/usr/bin/python3</c>.</summary>
    public static void PyTorch()
    {
        const string install = "sudo apt-get install -y python3-torch libopenblas0-openmp";
        Skip.IfNot(File.Exists(Python), $"Needs {Python} with PyTorch. Get it with: {install}");
        var start = new ProcessStartInfo(Python, ["-c", "import torch"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Skip.IfNot(
            process.ExitCode == 0,
            $"Needs PyTorch in {Python} ({FirstLine(error)}). Get it with: {install}"
        );
    }

    /// <summary>Skips the test unless Debian's Chromium is at <paramref name="path"/>.</summary>
    public static void Chromium(string path) =>
        Skip.IfNot(
            File.Exists(path),
            $"Needs Chromium at {path} for the browser check. Get it with: sudo apt-get install -y chromium"
        );

    /// <summary>
    /// Skips the test unless the local tool <c>dotnet-interactive</c> of
    /// <paramref name="checkoutRoot"/>'s .config/dotnet-tools.json is restored into the NuGet cache.
    /// </summary>
    public static void Kernel(string checkoutRoot)
    {
        using var manifest = System.Text.Json.JsonDocument.Parse(
            File.ReadAllText(Path.Combine(checkoutRoot, ".config", "dotnet-tools.json"))
        );
        const string tool = "microsoft.dotnet-interactive";
        string version = manifest
            .RootElement.GetProperty("tools")
            .GetProperty(tool)
            .GetProperty("version")
            .GetString()!;
        string cache =
            Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(
                Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
                ".nuget",
                "packages"
            );
        Skip.IfNot(
            Directory.Exists(Path.Combine(cache, tool, version)),
            $"Needs the .NET Interactive kernel {version} (the local tool dotnet-interactive). "
                + "Get it with: dotnet tool restore"
        );
    }

    /// <summary>Skips the test unless Debian's nbconvert is at <paramref name="path"/>.</summary>
    public static void NbConvert(string path) =>
        Skip.IfNot(
            File.Exists(path),
            $"Needs nbconvert at {path} for the .ipynb check. Get it with: sudo apt-get install -y jupyter-nbconvert"
        );

    /// <summary>
    /// Skips the test unless Ctrl+C (SIGINT) can reach the processes it starts: a process inherits an ignored
    /// SIGINT, and a shell ignores it for what it starts with <c>&amp;</c> without job control (a script, nohup).
    /// </summary>
    public static void CtrlC()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
            return;
        string ignored = File.ReadLines(status)
            .First(l => l.StartsWith("SigIgn:"))["SigIgn:".Length..]
            .Trim();
        Skip.If(
            (Convert.ToUInt64(ignored, 16) & (1UL << (Notebooks.LstmlabProcess.SigInt - 1))) != 0,
            "Needs Ctrl+C (SIGINT) to reach the processes it starts, but this test process ignores SIGINT "
                + "(inherited: started with & from a script, or under nohup). Get it with: run dotnet test in the "
                + "foreground, or from bash -m"
        );
    }

    /// <summary>Debian's Python, the one with python3-torch.</summary>
    public const string Python = "/usr/bin/python3";

    private static string OneLine(string text) =>
        string.Join(
            ' ',
            text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        );

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault()
        ?? "";
}
