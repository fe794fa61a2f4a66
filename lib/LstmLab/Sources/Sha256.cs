using System.Security.Cryptography;

namespace LstmLab.Sources;

/// <summary>Checks fetched files against the SHA-256 recorded in the code.</summary>
public static class Sha256
{
    /// <summary>The lowercase hex SHA-256 of a file.</summary>
    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> naming the file, the expected and the actual hash
    /// when they differ, and deletes the file so that no later run trusts it.
    /// </summary>
    public static void Verify(string path, string expected, string? displayName = null)
    {
        string actual = OfFile(path);
        if (string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            return;
        File.Delete(path);
        throw new InvalidDataException(
            $"Checksum mismatch for {displayName ?? path}: expected SHA-256 {expected}, got {actual}. "
                + "The file was deleted; fetch it again."
        );
    }
}
