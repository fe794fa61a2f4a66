using System.Text;
using LstmLab.Data;
using LstmLab.Sources;

namespace LstmLab.Tests.Data;

/// <summary>Every .gz we read is checked against its trailer: a cut or extended file is an error naming it.</summary>
public class GzipTrailerTests
{
    private static readonly byte[] Corpus = Encoding.UTF8.GetBytes(
        string.Concat(Enumerable.Range(0, 40_000).Select(i => $"line {i} of the corpus\n"))
    );

    [Fact]
    public void Crc32_is_gzips_crc()
    {
        Assert.Equal(0xCBF43926u, Crc32.Append(Crc32.Empty, "123456789"u8));
        byte[] gz = TestFiles.Gzip(Corpus);
        uint trailer = BitConverter.ToUInt32(gz, gz.Length - 8);
        uint split = Crc32.Append(
            Crc32.Append(Crc32.Empty, Corpus.AsSpan(0, 1001)),
            Corpus[1001..]
        );
        Assert.Equal(trailer, split);
    }

    [Fact]
    public void A_truncated_gz_corpus_is_an_error_naming_the_file_not_a_shorter_text()
    {
        using var temp = new TempFolder();
        byte[] gz = TestFiles.Gzip(Corpus);
        string path = temp.File("corpus.txt.gz");
        File.WriteAllBytes(path, gz[..(gz.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => TextCorpus.FromFile(path));
        Assert.StartsWith($"{path} is truncated or corrupt: its gzip data unpacks to ", e.Message);
        Assert.Contains("but the gzip trailer (the file's last 8 bytes) records", e.Message);
    }

    [Fact]
    public void A_whole_gz_corpus_still_loads()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("corpus.txt.gz"), TestFiles.Gzip(Corpus));
        Assert.Equal(Corpus.Length, TextCorpus.FromFile(temp.File("corpus.txt.gz")).Length);
    }

    [Fact]
    public void Bytes_appended_to_a_gz_idx_file_are_an_error()
    {
        using var temp = new TempFolder();
        string path = temp.File("t10k-labels-idx1-ubyte.gz");
        File.WriteAllBytes(path, [.. TestFiles.Gzip(TestFiles.Idx([200])), .. "extra"u8]);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path, 1));
        Assert.StartsWith(
            "t10k-labels-idx1-ubyte.gz is truncated or corrupt: its gzip data unpacks to 208 bytes",
            e.Message
        );
    }

    [Fact]
    public void A_tarball_without_its_trailer_names_the_archive()
    {
        using var temp = new TempFolder();
        string whole = temp.File("whole.tar.gz");
        TestFiles.TarGz(
            whole,
            [
                TestFiles.Review("train/pos", 1, 9, "good"),
                TestFiles.Review("train/neg", 2, 1, "bad"),
                TestFiles.Review("test/pos", 3, 8, "fine"),
                TestFiles.Review("test/neg", 4, 2, "poor"),
            ]
        );
        // Cut the trailer: the deflate data is whole, every review is readable, only the check is gone.
        byte[] gz = File.ReadAllBytes(whole);
        string cut = temp.File("cut.tar.gz");
        File.WriteAllBytes(cut, gz[..^8]);
        Assert.Equal(4, ImdbReader.Read(whole).Count);
        var e = Assert.Throws<InvalidDataException>(() => ImdbReader.Read(cut));
        Assert.Contains("cut.tar.gz", e.Message);
        Assert.Contains("truncated or corrupt", e.Message);
    }
}
