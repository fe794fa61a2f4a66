using System.Buffers.Binary;
using System.IO.Compression;

namespace LstmLab.Sources;

/// <summary>
/// Reads a gzip file and checks its trailer. .NET's <see cref="GZipStream"/> stops without an
/// error when the compressed data ends early, so a truncated file would unpack to a silent
/// prefix of its content. This reader counts and CRCs what it unpacks and, at the end, compares
/// both with the trailer: the CRC-32 and the length (mod 2^32) in the file's last 8 bytes. A file
/// must be one gzip member, as gzip writes it; bytes appended after it fail the check too.
/// </summary>
internal sealed class GzipFile : Stream
{
    private const int TrailerBytes = 8;
    private const int SmallestGzip = 18; // 10-byte header, an empty deflate block, the trailer

    private readonly string name;
    private readonly GZipStream gzip;
    private readonly uint trailerCrc;
    private readonly uint trailerLength;
    private uint crc = Crc32.Empty;
    private long length;
    private bool checkedTrailer;

    private GzipFile(string name, FileStream file, uint trailerCrc, uint trailerLength)
    {
        this.name = name;
        this.trailerCrc = trailerCrc;
        this.trailerLength = trailerLength;
        gzip = new GZipStream(file, CompressionMode.Decompress);
    }

    /// <summary>True when the file starts with gzip's magic bytes 1f 8b.</summary>
    public static bool IsGzip(string path)
    {
        using var file = File.OpenRead(path);
        return file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
    }

    /// <summary>
    /// Opens <paramref name="path"/> for unpacking; errors name the file as <paramref name="name"/>
    /// (the path when null). Reading to the end checks the trailer.
    /// </summary>
    public static GzipFile Open(string path, string? name = null)
    {
        name ??= path;
        var file = File.OpenRead(path);
        try
        {
            if (file.Length < SmallestGzip)
                throw new InvalidDataException(
                    $"{name}: a gzip file has at least {SmallestGzip} bytes (header and trailer), but this one has {file.Length}: it is truncated."
                );
            Span<byte> trailer = stackalloc byte[TrailerBytes];
            file.Position = file.Length - TrailerBytes;
            file.ReadExactly(trailer);
            file.Position = 0;
            return new GzipFile(
                name,
                file,
                BinaryPrimitives.ReadUInt32LittleEndian(trailer),
                BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..])
            );
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Unpacks the whole file into memory (checking the trailer).</summary>
    public static byte[] ReadAllBytes(string path, string? name = null)
    {
        using var gzip = Open(path, name);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Reads and discards the rest, so that the trailer is checked even when the caller needed only a part.</summary>
    public void CheckToEnd() => CopyTo(Null);

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = gzip.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException(
                $"{name}: the gzip data is corrupt after {length} unpacked bytes: {e.Message}",
                e
            );
        }
        if (read > 0)
        {
            crc = Crc32.Append(crc, buffer[..read]);
            length += read;
        }
        else if (buffer.Length > 0)
            CheckTrailer();
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        Read(buffer.AsSpan(offset, count));

    private void CheckTrailer()
    {
        if (checkedTrailer)
            return;
        checkedTrailer = true;
        if (crc != trailerCrc || (uint)length != trailerLength)
            throw new InvalidDataException(
                $"{name} is truncated or corrupt: its gzip data unpacks to {length} bytes with CRC-32 {crc:x8}, "
                    + $"but the gzip trailer (the file's last {TrailerBytes} bytes) records {trailerLength} bytes with CRC-32 {trailerCrc:x8}."
            );
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            gzip.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => length;
        set => throw new NotSupportedException();
    }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException();
}
