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
    /// when they differ. A fetched file (<paramref name="fetched"/>) is deleted so that no later run
    /// trusts it; a file someone else provides (the shared data folder) is left where it is.
    /// </summary>
    public static void Verify(
        string path,
        string expected,
        string? displayName = null,
        bool fetched = true
    )
    {
        string actual = OfFile(path);
        if (string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            return;
        if (fetched)
            File.Delete(path);
        throw new InvalidDataException(
            $"Checksum mismatch for {displayName ?? path}: expected SHA-256 {expected}, got {actual}. "
                + (
                    fetched
                        ? "The file was deleted; fetch it again."
                        : "The file was left in place: replace it with a good copy."
                )
        );
    }
}
