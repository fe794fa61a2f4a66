namespace LstmLab.IO;

/// <summary>Writes a file so that readers see either the old complete file or the new complete one, never half of it.</summary>
public static class AtomicFile
{
    /// <summary>
    /// Calls <paramref name="write"/> on a temporary file in the same folder, flushes it to disk,
    /// then renames it over <paramref name="path"/>. If writing fails, the temporary file is removed,
    /// the previous file at <paramref name="path"/> is left as it was, and the error names
    /// <paramref name="path"/> (never the temporary file) with the system's reason.
    /// </summary>
    /// <exception cref="IOException">The file could not be written (a full disk, a folder in its place, …).</exception>
    /// <exception cref="UnauthorizedAccessException">The folder may not be written to.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, TempName(Path.GetFileName(full)));
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (IOException e)
        {
            throw new IOException(Failure(full, temp, e), e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException(Failure(full, temp, e), e);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 atomically.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(text)));

    /// <summary>A hidden name beside the file; a long name is cut so that the temporary name stays within 255 bytes.</summary>
    private static string TempName(string name)
    {
        const int MaxBase = 255 - 38; // "." + name + "." + 32 hex digits + ".tmp"
        while (System.Text.Encoding.UTF8.GetByteCount(name) > MaxBase)
            name = name[..^1];
        return $".{name}.{Guid.NewGuid():N}.tmp";
    }

    private static string Failure(string full, string temp, Exception e)
    {
        // The system's message names the temporary file ("No space left on device : '/f/.x.1f….tmp'"):
        // keep its reason, name the file the caller asked for.
        string reason = e.Message.Replace($" : '{temp}'", "").Replace(temp, full).TrimEnd('.');
        string previous = File.Exists(full)
            ? "the file that was there is unchanged"
            : "nothing was written";
        return $"Could not write {full}: {reason} ({previous}).";
    }
}
