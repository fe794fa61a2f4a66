namespace LstmLab.Sources;

/// <summary>
/// One process at a time fetches or repairs a cache entry (<c>npm/NAME@VERSION</c>, <c>debian/PACKAGE</c>):
/// the holder keeps <c>ENTRY.lock</c> open exclusively, which the system releases when the holder
/// ends, even by kill -9. While holding it, every <c>ENTRY.tmp-*</c> folder is left over from a
/// fetch that was killed (only a holder creates them), so they are removed.
/// </summary>
internal sealed class CacheLock : IDisposable
{
    private const int WouldBlock = 11; // EWOULDBLOCK: another process holds the lock
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    private readonly FileStream? file;

    private CacheLock(FileStream? file) => this.file = file;

    /// <summary>
    /// Waits until no other process holds the lock of <paramref name="entry"/> (at most 10 minutes),
    /// takes it and removes stale temporary folders. In a cache where no lock file can be created
    /// (a read-only folder), nothing can be fetched or removed either, and no lock is taken.
    /// </summary>
    public static CacheLock Acquire(string entry)
    {
        var file = Open(entry + ".lock");
        if (file is null)
            return new CacheLock(null);
        try
        {
            RemoveStaleFolders(entry);
        }
        catch
        {
            file.Dispose();
            throw;
        }
        return new CacheLock(file);
    }

    private static FileStream? Open(string path)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(
                    path,
                    FileMode.OpenOrCreate,
                    FileAccess.ReadWrite,
                    FileShare.None
                );
            }
            catch (IOException e) when (e.HResult == WouldBlock)
            {
                if (clock.Elapsed > Patience)
                    throw new IOException(
                        $"Another process has held {path} for {Patience.TotalMinutes:0} minutes "
                            + "while fetching into the cache; end it, or wait for it to finish.",
                        e
                    );
                Thread.Sleep(200);
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                return null;
            }
        }
    }

    private static void RemoveStaleFolders(string entry)
    {
        string folder = Path.GetDirectoryName(entry)!;
        foreach (
            string stale in Directory.EnumerateDirectories(
                folder,
                Path.GetFileName(entry) + ".tmp-*"
            )
        )
            Directory.Delete(stale, recursive: true);
    }

    public void Dispose() => file?.Dispose();
}
