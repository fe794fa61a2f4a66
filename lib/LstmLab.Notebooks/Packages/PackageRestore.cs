using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace LstmLab.Notebooks.Packages;

/// <summary>
/// Restores NuGet packages as the .NET Interactive kernel does, through the ordinary NuGet client: a tiny project that
/// references them is written to a cache folder and published by <c>dotnet publish</c> for this machine's runtime, so
/// NuGet resolves their dependencies and copies their assemblies and native libraries (runtimes/RID/native) into one
/// folder. A second run with the same packages and sources reuses that folder.
/// </summary>
internal static class PackageRestore
{
    /// <summary>The cache folder: LSTMLAB_PACKAGES, else ~/.cache/lstmlab/packages.</summary>
    public static string CacheRoot =>
        Environment.GetEnvironmentVariable("LSTMLAB_PACKAGES") is { Length: > 0 } root
            ? root
            : Path.Combine(
                Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
                ".cache",
                "lstmlab",
                "packages"
            );

    private const string ProjectName = "lstmlab-notebook-packages";

    /// <summary>
    /// Restores <paramref name="packages"/> (with their dependencies) from nuget.org and <paramref name="sources"/>;
    /// returns the folder holding their assemblies and native libraries. Throws <see cref="PackageRestoreException"/>
    /// naming the packages and NuGet's own messages when the restore fails.
    /// </summary>
    public static string Restore(
        IReadOnlyList<PackageReference> packages,
        IReadOnlyList<string> sources
    )
    {
        string tfm = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        string rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        var project = new XElement(
            "Project",
            new XAttribute("Sdk", "Microsoft.NET.Sdk"),
            new XElement(
                "PropertyGroup",
                new XElement("TargetFramework", tfm),
                new XElement("RuntimeIdentifier", rid),
                new XElement("SelfContained", "false"),
                new XElement("GenerateDocumentationFile", "false"),
                new XElement("RestoreAdditionalProjectSources", string.Join(';', sources))
            ),
            new XElement(
                "ItemGroup",
                packages.Select(p => new XElement(
                    "PackageReference",
                    new XAttribute("Include", p.Name),
                    new XAttribute("Version", p.Version ?? "*")
                ))
            )
        ).ToString();
        string key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(project)))[
            ..16
        ];
        string folder = Path.Combine(CacheRoot, key);
        string output = Path.Combine(folder, "out");
        string done = Path.Combine(folder, "restored");
        if (File.Exists(done))
            return output;
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ProjectName + ".csproj"), project);
        // The tiny project sits outside any checkout; an empty Directory.Build.props keeps it from picking one up.
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project />");
        var (exitCode, log) = Publish(folder, output);
        if (exitCode != 0)
            throw new PackageRestoreException(packages, NuGetMessages(log));
        File.Delete(Path.Combine(output, ProjectName + ".dll"));
        File.Delete(Path.Combine(output, ProjectName + ".deps.json"));
        File.WriteAllText(done, string.Join('\n', packages));
        return output;
    }

    private static (int ExitCode, string Log) Publish(string folder, string output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (
            var argument in new[]
            {
                "publish",
                "-c",
                "Release",
                "-o",
                output,
                "-nologo",
                "-v:q",
                "-p:TreatWarningsAsErrors=false",
            }
        )
            start.ArgumentList.Add(argument);
        // Our own build's MSBuild settings would leak into the child build.
        foreach (
            var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH" }
        )
            start.Environment.Remove(name);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    // NuGet's and MSBuild's error lines ("error NU1101: Unable to find package …"), without the project path.
    private static string NuGetMessages(string log)
    {
        var errors = log.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
            .Select(l => l.Contains(": error ") ? l[(l.IndexOf(": error ") + 2)..] : l)
            .Select(l => l.EndsWith(']') && l.LastIndexOf(" [") is int at and > 0 ? l[..at] : l)
            .Distinct()
            .ToList();
        return errors.Count > 0 ? string.Join(" ", errors) : log.Trim();
    }
}

/// <summary>A NuGet restore failed; the message names the packages and gives NuGet's errors.</summary>
public sealed class PackageRestoreException : Exception
{
    internal PackageRestoreException(IReadOnlyList<PackageReference> packages, string errors)
        : base(
            $"{string.Join("; ", packages.Select(p => $"{p.Where}: #r \"nuget: {p.Name}{(p.Version is null ? "" : ", " + p.Version)}\""))} "
                + $"could not be restored: {errors}"
        ) { }
}
