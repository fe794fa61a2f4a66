using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using LstmLab.Data;

namespace LstmLab.Tests.Data;

/// <summary>A temporary folder that is deleted with everything in it when the test ends.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Path = Directory.CreateTempSubdirectory("lstmlab-data-test-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>Small files the data tests generate for themselves.</summary>
internal static class TestFiles
{
    /// <summary>An IDX file of unsigned bytes with the given sizes; values i % 256.</summary>
    public static byte[] Idx(int[] sizes, byte[]? values = null)
    {
        int count = sizes.Aggregate(1, (a, b) => a * b);
        values ??= Enumerable.Range(0, count).Select(i => (byte)i).ToArray();
        var bytes = new byte[4 + 4 * sizes.Length + values.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)sizes.Length;
        for (int d = 0; d < sizes.Length; d++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), sizes[d]);
        values.CopyTo(bytes, 4 + 4 * sizes.Length);
        return bytes;
    }

    /// <summary>The bytes gzip'd.</summary>
    public static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
            gzip.Write(bytes);
        return buffer.ToArray();
    }

    /// <summary>A folder of the four MNIST files: <paramref name="train"/> and <paramref name="test"/> images of 28 x 28, labels i % 10.</summary>
    public static void MnistFolder(string folder, int train, int test, bool gzip = false)
    {
        void Write(string name, byte[] bytes) =>
            File.WriteAllBytes(
                Path.Combine(folder, gzip ? name + ".gz" : name),
                gzip ? Gzip(bytes) : bytes
            );
        Write("train-images-idx3-ubyte", Idx([train, 28, 28]));
        Write("train-labels-idx1-ubyte", Idx([train], Labels(train)));
        Write("t10k-images-idx3-ubyte", Idx([test, 28, 28]));
        Write("t10k-labels-idx1-ubyte", Idx([test], Labels(test)));
    }

    private static byte[] Labels(int n) =>
        Enumerable.Range(0, n).Select(i => (byte)(i % 10)).ToArray();

    /// <summary>A gzip'd tar of <paramref name="entries"/> (name → bytes).</summary>
    public static void TarGz(string path, IEnumerable<(string Name, byte[] Bytes)> entries)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Ustar);
        foreach (var (name, bytes) in entries)
            tar.WriteEntry(
                new UstarTarEntry(TarEntryType.RegularFile, name)
                {
                    DataStream = new MemoryStream(bytes),
                }
            );
    }

    /// <summary>A review entry of the aclImdb layout.</summary>
    public static (string, byte[]) Review(string folder, int id, int rating, string text) =>
        ($"aclImdb/{folder}/{id}_{rating}.txt", Encoding.UTF8.GetBytes(text));
}
