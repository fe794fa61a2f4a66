using LstmLab.Sources;

namespace LstmLab.Data;

/// <summary>
/// Fetches files from a Debian package with the ordinary tools: <c>apt-get download NAME</c>
/// into a temporary folder, then <c>dpkg -x</c>. No root rights are needed and nothing is installed.
/// </summary>
internal static class DebianPackage
{
    /// <summary>
    /// Returns the folder under <paramref name="cacheRoot"/> that holds <paramref name="files"/>
    /// (paths inside the package, e.g. <c>usr/share/datasets/fashion-mnist/…</c>, with their SHA-256),
    /// fetching the package first if the folder is not there. Only the listed files are kept;
    /// they are checked and then renamed into place together.
    /// </summary>
    public static string Fetch(
        string package,
        IReadOnlyDictionary<string, string> files,
        string cacheRoot
    )
    {
        string target = Path.Combine(cacheRoot, "debian", package);
        if (Directory.Exists(target))
            return target;
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        string work = target + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(work);
        try
        {
            ExternalCommand.Run("apt-get", ["download", package], work);
            string deb =
                Directory.GetFiles(work, "*.deb").SingleOrDefault()
                ?? throw new InvalidOperationException(
                    $"'apt-get download {package}' wrote no .deb file in {work}."
                );
            string extracted = Path.Combine(work, "extracted");
            ExternalCommand.Run("dpkg", ["-x", deb, extracted], work);
            string kept = Path.Combine(work, "kept");
            foreach (var (file, sha256) in files)
            {
                string source = Path.Combine(extracted, file);
                if (!File.Exists(source))
                    throw new InvalidDataException(
                        $"The Debian package {package} ({Path.GetFileName(deb)}) has no {file}."
                    );
                Sha256.Verify(source, sha256, $"{file} from {Path.GetFileName(deb)}");
                string destination = Path.Combine(kept, file);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Move(source, destination);
            }
            try
            {
                Directory.Move(kept, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                // Another process finished the same fetch first; its copy is as good as ours.
            }
            return target;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
