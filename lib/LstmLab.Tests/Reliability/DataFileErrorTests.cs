using System.Buffers.Binary;
using System.Text;
using LstmLab.Data;
using LstmLab.IO;
using LstmLab.Tensors;
using LstmLab.Tests.Data;
using LstmLab.Tests.Fuzzing;

namespace LstmLab.Tests.Reliability;

/// <summary>
/// Bad data files a student may meet: each fails with the documented exception and a message that
/// names the file and the expected and the actual value. (The Data tests hold the first ones:
/// truncated and over-long IDX, wrong magic, count mismatch, labels out of range, missing files,
/// empty and header-only CSV, unknown columns, NaN, non-UTF-8 reviews and text, corrupt tarballs.)
/// </summary>
public class DataFileErrorTests
{
    [Fact]
    public void Empty_idx_file_says_it_lacks_the_magic_number()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("train-labels-idx1-ubyte"), []);
        var e = Assert.Throws<InvalidDataException>(() =>
            IdxFile.Read(temp.File("train-labels-idx1-ubyte"), 1)
        );
        Assert.Equal(
            "train-labels-idx1-ubyte: an IDX file starts with a 4-byte magic number, but the file has 0 bytes.",
            e.Message
        );
    }

    [Fact]
    public void Negative_idx_size_names_the_dimension_and_byte()
    {
        using var temp = new TempFolder();
        byte[] idx = TestFiles.Idx([2, 3, 4]);
        BinaryPrimitives.WriteInt32BigEndian(idx.AsSpan(8), -3);
        File.WriteAllBytes(temp.File("images"), idx);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(temp.File("images"), 3));
        Assert.Equal("images: size of dimension 1 at byte 8 is negative (-3).", e.Message);
    }

    [Fact]
    public void Idx_sizes_too_large_for_any_file_are_not_wrapped_around()
    {
        // 2^22 x 2^21 x 2^21 = 2^64 wraps to 0 in a long; an empty body would then pass.
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("huge"), TestFiles.Idx([1 << 22, 1 << 21, 1 << 21], []));
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(temp.File("huge"), 3));
        Assert.Contains("huge: the header says 4194304 x 2097152 x 2097152", e.Message);
        Assert.Contains("= 18446744073709551616 values", e.Message);
        Assert.Contains("the file has 0 (truncated at byte 16)", e.Message);
    }

    [Fact]
    public void Corrupt_gzip_idx_names_the_file()
    {
        using var temp = new TempFolder();
        byte[] gz = TestFiles.Gzip(TestFiles.Idx([200]));
        gz[^6] ^= 0xFF; // the CRC-32 of the unpacked bytes
        File.WriteAllBytes(temp.File("t10k-labels-idx1-ubyte.gz"), gz);
        var e = Assert.Throws<InvalidDataException>(() =>
            IdxFile.Read(temp.File("t10k-labels-idx1-ubyte.gz"), 1)
        );
        Assert.StartsWith(
            "t10k-labels-idx1-ubyte.gz: the gzip data is corrupt after 0 unpacked bytes: ",
            e.Message
        );
    }

    [Fact]
    public void Mnist_images_of_another_size_name_the_expected_28_by_28()
    {
        using var temp = new TempFolder();
        TestFiles.MnistFolder(temp.Path, train: 3, test: 2);
        File.WriteAllBytes(temp.File("train-images-idx3-ubyte"), TestFiles.Idx([3, 28, 27]));
        var e = Assert.Throws<InvalidDataException>(() => Mnist.Load(folder: temp.Path));
        Assert.Equal(
            "train-images-idx3-ubyte: expected images of 28 x 28 pixels, found 28 x 27.",
            e.Message
        );
    }

    [Fact]
    public void Swapped_image_and_label_files_say_which_dimensions_were_expected()
    {
        using var temp = new TempFolder();
        TestFiles.MnistFolder(temp.Path, train: 3, test: 2);
        File.Move(temp.File("t10k-images-idx3-ubyte"), temp.File("swap"));
        File.Move(temp.File("t10k-labels-idx1-ubyte"), temp.File("t10k-images-idx3-ubyte"));
        File.Move(temp.File("swap"), temp.File("t10k-labels-idx1-ubyte"));
        var e = Assert.Throws<InvalidDataException>(() => Mnist.Load(folder: temp.Path));
        Assert.Equal(
            "t10k-images-idx3-ubyte: wrong magic number at byte 0: expected 0x00000803 "
                + "(unsigned bytes, 3 dimensions), found 0x00000801.",
            e.Message
        );
    }

    [Fact]
    public void Empty_safetensors_file_is_shorter_than_the_length_field()
    {
        var e = Assert.Throws<InvalidDataException>(() =>
            SafeTensors.Read(new MemoryStream([]), "model.safetensors")
        );
        Assert.Equal(
            "model.safetensors is not a valid safetensors file: it is shorter than the 8-byte header length.",
            e.Message
        );
    }

    [Fact]
    public void Safetensors_header_length_beyond_the_file_is_rejected_before_allocating()
    {
        byte[] bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1UL << 40);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() =>
            SafeTensors.Read(new MemoryStream(bytes), "model.safetensors")
        );
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < Bounded.MaxAllocatedBytes);
        Assert.Equal(
            "model.safetensors is not a valid safetensors file: the header claims 1099511627776 bytes "
                + $"but the file has 8 after the length (limit {SafeTensors.MaxHeaderBytes}).",
            e.Message
        );
    }

    [Fact]
    public void Truncated_safetensors_names_the_tensor_its_end_and_the_bytes_there_are()
    {
        byte[] bytes = Weights(new Tensor([1, 2, 3, 4, 5, 6], 2, 3));
        var e = Assert.Throws<InvalidDataException>(() =>
            SafeTensors.Read(new MemoryStream(bytes[..^8]), "model.safetensors")
        );
        Assert.Equal(
            "model.safetensors is not a valid safetensors file: tensor 'w' ends at byte 24, "
                + "past the 16 data bytes (truncated file?).",
            e.Message
        );
    }

    [Fact]
    public void Safetensors_of_another_dtype_names_the_tensor_and_dtype()
    {
        var e = Assert.Throws<InvalidDataException>(() =>
            SafeTensors.Read(
                new MemoryStream(
                    Header("""{"w":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}""", 4)
                ),
                "half.safetensors"
            )
        );
        Assert.Equal(
            "half.safetensors is not a valid safetensors file: tensor 'w' has dtype F16; only F32 (float32) is supported.",
            e.Message
        );
    }

    [Fact]
    public void Safetensors_shape_that_disagrees_with_its_offsets_names_both_sizes()
    {
        var e = Assert.Throws<InvalidDataException>(() =>
            SafeTensors.Read(
                new MemoryStream(
                    Header("""{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}}""", 20)
                ),
                "model.safetensors"
            )
        );
        Assert.Equal(
            "model.safetensors is not a valid safetensors file: tensor 'w' of shape (2, 3) needs 24 bytes, "
                + "but its offsets span 20.",
            e.Message
        );
    }

    [Fact]
    public void Safetensors_shape_too_large_for_any_file_is_not_wrapped_around()
    {
        // 65536^4 = 2^64 would wrap to 0 values and match the empty offsets.
        var e = Assert.Throws<InvalidDataException>(() =>
            SafeTensors.Read(
                new MemoryStream(
                    Header(
                        """{"w":{"dtype":"F32","shape":[65536,65536,65536,65536],"data_offsets":[0,0]}}""",
                        0
                    )
                ),
                "model.safetensors"
            )
        );
        Assert.Equal(
            "model.safetensors is not a valid safetensors file: tensor 'w' has shape (65536, 65536, 65536, 65536), "
                + "more values than any file can hold.",
            e.Message
        );
    }

    [Fact]
    public void Missing_safetensors_file_names_the_path()
    {
        using var temp = new TempFolder();
        var e = Assert.Throws<FileNotFoundException>(() =>
            SafeTensors.Read(temp.File("model.safetensors"))
        );
        Assert.Equal($"No safetensors file at {temp.File("model.safetensors")}.", e.Message);
    }

    [Fact]
    public void Infinite_value_in_a_series_names_line_and_column() =>
        Assert.Equal(
            "series.csv, line 3, column 'Value': the value is 1e39; a series must hold finite numbers.",
            CsvError("Month,Value\n2000-01,1\n2000-02,1e39\n")
        );

    [Fact]
    public void Non_utf8_csv_names_the_byte()
    {
        byte[] latin1 = Encoding.Latin1.GetBytes("Month,Température\n2000-01,1\n");
        Assert.Equal(
            "series.csv: not valid UTF-8 at byte 10 (bytes E9); save the file as UTF-8.",
            CsvError(latin1, "Température")
        );
    }

    [Fact]
    public void Unclosed_quote_names_line_and_character() =>
        Assert.Equal(
            "series.csv, line 3, character 1: a quote is never closed.",
            CsvError("Month,Value\n2000-01,1\n\"2000-02,2\n")
        );

    [Fact]
    public void Empty_line_inside_a_series_names_the_line() =>
        Assert.Equal(
            "series.csv, line 3: empty line inside the data.",
            CsvError("Month,Value\n2000-01,1\n\n2000-02,2\n")
        );

    [Fact]
    public void Daily_date_among_monthly_ones_names_both_frequencies() =>
        Assert.Equal(
            "series.csv, line 3, column 'Month': '2000-02-15' is daily, the lines above are monthly.",
            CsvError("Month,Value\n2000-01,1\n2000-02-15,2\n")
        );

    [Fact]
    public void Empty_text_file_is_not_a_corpus()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("empty.txt"), []);
        var e = Assert.Throws<InvalidDataException>(() =>
            TextCorpus.FromFile(temp.File("empty.txt"))
        );
        Assert.Equal(
            $"{temp.File("empty.txt")}: the file is empty; a corpus needs some text.",
            e.Message
        );
    }

    [Fact]
    public void Empty_tarball_lists_every_missing_folder()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("empty.tar"), []);
        var e = Assert.Throws<InvalidDataException>(() => ImdbReader.Read(temp.File("empty.tar")));
        Assert.Equal(
            $"{temp.File("empty.tar")}: no reviews in train/neg/, train/pos/, test/neg/, test/pos/ "
                + "(found train/neg 0, train/pos 0, test/neg 0, test/pos 0); "
                + "expected the aclImdb layout {train,test}/{pos,neg}/ID_RATING.txt.",
            e.Message
        );
    }

    [Fact]
    public void Tar_entry_claiming_more_bytes_than_the_archive_holds_names_both()
    {
        using var temp = new TempFolder();
        byte[] tar = ParserFuzzTests.Tar([TestFiles.Review("train/pos", 1, 9, "Great!")]);
        Encoding.ASCII.GetBytes("77777777777").CopyTo(tar, 124); // the size field, octal
        FixTarChecksum(tar);
        File.WriteAllBytes(temp.File("cut.tar"), tar);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => ImdbReader.Read(temp.File("cut.tar")));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < Bounded.MaxAllocatedBytes);
        Assert.Contains("cut.tar: aclImdb/train/pos/1_9.txt", e.Message);
        Assert.Contains("the header says 8589934591 bytes, but the archive holds", e.Message);
    }

    [Fact]
    public void Review_id_too_large_names_the_entry()
    {
        using var temp = new TempFolder();
        TestFiles.TarGz(
            temp.File("ids.tar.gz"),
            [("aclImdb/train/pos/99999999999_9.txt", "Great!"u8.ToArray())]
        );
        var e = Assert.Throws<InvalidDataException>(() => ImdbReader.Read(temp.File("ids.tar.gz")));
        Assert.Contains(
            "ids.tar.gz: aclImdb/train/pos/99999999999_9.txt: the id 99999999999 in the file name is too large (at most 2147483647).",
            e.Message
        );
    }

    [Fact]
    public void Checksum_mismatch_of_the_shared_series_names_file_expected_and_actual()
    {
        using var temp = new TempFolder();
        string tarball = Path.Combine(temp.Path, "shared", "timeseries", "tsdl_timeseries.tar.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(tarball)!);
        File.WriteAllText(tarball, "not the archive");
        var e = Assert.Throws<InvalidDataException>(() =>
            TimeSeries.Load("airline", sharedRoot: temp.File("shared"), cacheRoot: temp.Path)
        );
        Assert.Equal(
            $"Checksum mismatch for {tarball}: expected SHA-256 {TimeSeries.SharedSha256}, "
                + $"got {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("not the archive"u8))}. "
                + "The file was left in place: replace it with a good copy.",
            e.Message
        );
        Assert.True(File.Exists(tarball), "a shared file is never deleted");
    }

    private static string CsvError(string text) => CsvError(Encoding.UTF8.GetBytes(text), "Value");

    private static string CsvError(byte[] bytes, string valueColumn)
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("series.csv"), bytes);
        return Assert
            .Throws<InvalidDataException>(() =>
                TimeSeries.FromCsv(temp.File("series.csv"), valueColumn, "Month")
            )
            .Message;
    }

    private static byte[] Weights(Tensor w)
    {
        using var buffer = new MemoryStream();
        SafeTensors.Write(buffer, new Dictionary<string, Tensor> { ["w"] = w });
        return buffer.ToArray();
    }

    /// <summary>A safetensors file with the given JSON header and <paramref name="dataBytes"/> zero bytes of data.</summary>
    private static byte[] Header(string json, int dataBytes)
    {
        byte[] header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        return bytes;
    }

    /// <summary>Recomputes the checksum of the first tar header (the sum of its bytes, the field read as spaces).</summary>
    private static void FixTarChecksum(byte[] tar)
    {
        Encoding.ASCII.GetBytes("        ").CopyTo(tar, 148);
        int sum = tar.Take(512).Sum(b => b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(tar, 148);
    }
}
