using System.Text;
using System.Text.RegularExpressions;

namespace LstmLab.Notebooks.Output;

/// <summary>Writes a file so that readers see the old file or the new one, never half of it.</summary>
public static partial class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="text"/> (UTF-8) to a temporary file in the same folder, then renames it
    /// over <paramref name="path"/>. A failure throws an <see cref="IOException"/> that names
    /// <paramref name="path"/> (not the temporary file) and the system's reason, e.g. no space left.
    /// </summary>
    public static void WriteAllText(string path, string text)
    {
        string full = Path.GetFullPath(path);
        string temporary = $"{full}.{Guid.NewGuid().ToString("N")[..8]}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(
                temporary,
                text,
                new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)
            );
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The system's message names the temporary file, which the user never asked for.
            string reason = e.Message.Replace($" : '{temporary}'", "").Replace(temporary, full);
            throw new IOException($"Could not write {full}: {reason}", e);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    /// <summary>
    /// Deletes the temporary files <see cref="WriteAllText"/> left beside <paramref name="path"/>
    /// when its process was killed mid-write (<c>NAME.1a2b3c4d.tmp</c>); returns how many.
    /// </summary>
    public static int RemoveStale(string path)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
            return 0;
        string name = Path.GetFileName(full);
        int removed = 0;
        foreach (var file in Directory.EnumerateFiles(folder, name + ".*.tmp"))
        {
            if (!Temporary().IsMatch(Path.GetFileName(file)[name.Length..]))
                continue;
            File.Delete(file);
            removed++;
        }
        return removed;
    }

    [GeneratedRegex("^\\.[0-9a-f]{8}\\.tmp$")]
    private static partial Regex Temporary();
}
