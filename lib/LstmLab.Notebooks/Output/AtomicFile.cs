using System.Text;

namespace LstmLab.Notebooks.Output;

/// <summary>Writes a file so that readers see the old file or the new one, never half of it.</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> (UTF-8) to a temporary file in the same folder, then renames it over <paramref name="path"/>.</summary>
    public static void WriteAllText(string path, string text)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = $"{full}.{Guid.NewGuid().ToString("N")[..8]}.tmp";
        try
        {
            File.WriteAllText(
                temporary,
                text,
                new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)
            );
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }
}
