using System.Buffers.Binary;
using System.Numerics;
using LstmLab.Sources;

namespace LstmLab.Data;

/// <summary>
/// Reads the IDX format of MNIST and Fashion-MNIST, raw or gzip'd: a 4-byte magic number
/// (0, 0, type 0x08 = unsigned byte, number of dimensions), one big-endian int32 per dimension,
/// then the bytes, row-major. The header is checked against the file's length.
/// </summary>
public static class IdxFile
{
    /// <summary>
    /// Reads <paramref name="path"/> and checks it has <paramref name="dimensions"/> dimensions.
    /// Returns the sizes and the values.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not an IDX file of <paramref name="dimensions"/>
    /// dimensions: a wrong magic number, a short header, a negative size, sizes that do not match the
    /// file's length, or corrupt or truncated gzip data (its trailer is checked). The message names the file and the byte.</exception>
    public static (int[] Sizes, byte[] Values) Read(string path, int dimensions)
    {
        byte[] bytes = ReadAllBytes(path);
        string name = Path.GetFileName(path);
        if (bytes.Length < 4)
            throw new InvalidDataException(
                $"{name}: an IDX file starts with a 4-byte magic number, but the file has {bytes.Length} bytes."
            );
        uint magic = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        uint expectedMagic = 0x0800u | (uint)dimensions;
        if (magic != expectedMagic)
            throw new InvalidDataException(
                $"{name}: wrong magic number at byte 0: expected 0x{expectedMagic:X8} "
                    + $"(unsigned bytes, {dimensions} dimension{(dimensions == 1 ? "" : "s")}), found 0x{magic:X8}."
            );
        int header = 4 + 4 * dimensions;
        if (bytes.Length < header)
            throw new InvalidDataException(
                $"{name}: the header needs {header} bytes ({dimensions} sizes), but the file has {bytes.Length}."
            );
        var sizes = new int[dimensions];
        // BigInteger: three sizes of up to 2^31 would overflow a long and could wrap to the file's length.
        BigInteger expected = 1;
        for (int d = 0; d < dimensions; d++)
        {
            sizes[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (sizes[d] < 0)
                throw new InvalidDataException(
                    $"{name}: size of dimension {d} at byte {4 + 4 * d} is negative ({sizes[d]})."
                );
            expected *= sizes[d];
        }
        BigInteger actual = bytes.Length - header;
        if (actual != expected)
            throw new InvalidDataException(
                $"{name}: the header says {string.Join(" x ", sizes)} = {expected} values after the "
                    + $"{header}-byte header, but the file has {actual} "
                    + (
                        actual < expected
                            ? $"(truncated at byte {bytes.Length})."
                            : "(extra bytes at the end)."
                    )
            );
        return (sizes, bytes[header..]);
    }

    private static byte[] ReadAllBytes(string path) =>
        GzipFile.IsGzip(path)
            ? GzipFile.ReadAllBytes(path, Path.GetFileName(path))
            : File.ReadAllBytes(path);
}
