using LstmLab.Data;

namespace LstmLab.Tests.Data;

public class IdxFileTests
{
    [Fact]
    public void Reads_sizes_and_values_raw_and_gzipped()
    {
        using var temp = new TempFolder();
        byte[] idx = TestFiles.Idx([2, 3, 4]);
        File.WriteAllBytes(temp.File("a"), idx);
        File.WriteAllBytes(temp.File("a.gz"), TestFiles.Gzip(idx));
        foreach (string name in new[] { "a", "a.gz" })
        {
            var (sizes, values) = IdxFile.Read(temp.File(name), 3);
            Assert.Equal([2, 3, 4], sizes);
            Assert.Equal(Enumerable.Range(0, 24).Select(i => (byte)i), values);
        }
    }

    [Fact]
    public void Truncated_file_names_the_file_and_the_byte()
    {
        using var temp = new TempFolder();
        byte[] idx = TestFiles.Idx([10, 28, 28]);
        File.WriteAllBytes(temp.File("short-images"), idx[..1000]);
        var e = Assert.Throws<InvalidDataException>(() =>
            IdxFile.Read(temp.File("short-images"), 3)
        );
        Assert.Contains("short-images", e.Message);
        Assert.Contains("10 x 28 x 28 = 7840", e.Message);
        Assert.Contains("truncated at byte 1000", e.Message);
    }

    [Fact]
    public void Extra_bytes_are_an_error()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("long"), [.. TestFiles.Idx([3]), 7]);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(temp.File("long"), 1));
        Assert.Contains("extra bytes", e.Message);
    }

    [Fact]
    public void Wrong_magic_says_expected_and_found()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("labels"), TestFiles.Idx([5]));
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(temp.File("labels"), 3));
        Assert.Contains("labels: wrong magic number at byte 0", e.Message);
        Assert.Contains("expected 0x00000803", e.Message);
        Assert.Contains("found 0x00000801", e.Message);
    }

    [Fact]
    public void File_shorter_than_its_header_is_an_error()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("tiny"), [0, 0, 8, 3, 0, 0]);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(temp.File("tiny"), 3));
        Assert.Contains("tiny: the header needs 16 bytes", e.Message);
    }
}
