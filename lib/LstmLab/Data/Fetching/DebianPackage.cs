using LstmLab.Sources;

namespace LstmLab.Data;

/// <summary>
/// Fetches files from a Debian package with the ordinary tools: <c>apt-get download NAME</c>
/// into a temporary folder, then <c>dpkg -x</c>. No root rights are needed and nothing is installed.
/// </summary>
internal static class DebianPackage
{
    private const string Install =
        "It needs Debian's apt-get and dpkg (Debian, Ubuntu); elsewhere, place the files yourself (see data/README.md).";

    /// <summary>
    /// Returns the folder under <paramref name="cacheRoot"/> that holds <paramref name="files"/>
    /// (paths inside the package, e.g. <c>usr/share/datasets/fashion-mnist/…</c>, with their SHA-256),
    /// fetching the package first if the folder is not there or a file no longer has its hash
    /// (then the folder is deleted and fetched again). Only the listed files are kept; they are
    /// checked and then renamed into place together.
    /// </summary>
    public static string Fetch(
        string package,
        IReadOnlyDictionary<string, string> files,
        string cacheRoot,
        string aptGet = "apt-get",
        string dpkg = "dpkg"
    )
    {
        string target = Path.Combine(cacheRoot, "debian", package);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var guard = CacheLock.Acquire(target);
        string? damage = null;
        if (Directory.Exists(target))
        {
            damage = CachedFiles.FirstProblem(target, files);
            if (damage is null)
                return target;
            CachedFiles.Discard(target, $"Debian {package}", damage);
        }
        try
        {
            Unpack(package, files, target, aptGet, dpkg);
        }
        catch (InvalidOperationException e) when (damage is not null)
        {
            throw new ExternalCommandException(
                $"The cached copy in {target} was damaged ({damage}) and was deleted; fetching it again failed: {e.Message}",
                e
            );
        }
        return target;
    }

    private static void Unpack(
        string package,
        IReadOnlyDictionary<string, string> files,
        string target,
        string aptGet,
        string dpkg
    )
    {
        string work = target + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(work);
        try
        {
            ExternalCommand.Run(aptGet, ["download", package], work, Install);
            string deb =
                Directory.GetFiles(work, "*.deb").SingleOrDefault()
                ?? throw new ExternalCommandException(
                    $"'apt-get download {package}' wrote no .deb file in {work}."
                );
            string extracted = Path.Combine(work, "extracted");
            ExternalCommand.Run(dpkg, ["-x", deb, extracted], work, Install);
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
            Directory.Move(kept, target);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
