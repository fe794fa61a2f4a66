namespace LstmLab.IO;

/// <summary>Writes a file so that readers see either the old complete file or the new complete one, never half of it.</summary>
public static class AtomicFile
{
    /// <summary>
    /// Calls <paramref name="write"/> on a temporary file in the same folder, flushes it to disk,
    /// then renames it over <paramref name="path"/>. If writing fails, the temporary file is removed
    /// and the previous file at <paramref name="path"/> is left as it was.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
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
}
