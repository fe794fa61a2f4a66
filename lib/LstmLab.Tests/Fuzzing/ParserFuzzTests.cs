using System.Formats.Tar;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using LstmLab.Data;
using LstmLab.IO;
using LstmLab.Tensors;
using LstmLab.Tests.Data;

namespace LstmLab.Tests.Fuzzing;

/// <summary>
/// Random and mutated inputs for every file parser: each ends in its documented exception type
/// (or parses), within the time limit, without allocating more than the input justifies.
/// </summary>
public class ParserFuzzTests
{
    /// <summary>Cases per parser: 250 in CI; set LSTMLAB_FUZZ_CASES for a longer hunt.</summary>
    internal static readonly int Cases = int.TryParse(
        Environment.GetEnvironmentVariable("LSTMLAB_FUZZ_CASES"),
        out int cases
    )
        ? cases
        : 250;

    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(Cases);

    [Fact]
    public void Idx_reader_rejects_bad_files_with_InvalidDataException_only()
    {
        using var temp = new TempFolder();
        string path = temp.File("images-idx3-ubyte");
        byte[] valid = TestFiles.Idx([2, 3, 4]);
        LengthField[] sizes = [new(4, 4, true), new(8, 4, true), new(12, 4, true)];
        Check.One(
            Quick,
            Prop.ForAll(
                Mutations.RandomOrMutated(valid, sizes),
                bytes =>
                {
                    File.WriteAllBytes(path, bytes);
                    Bounded.Run(
                        "IdxFile.Read",
                        bytes,
                        () => IdxFile.Read(path, 3),
                        typeof(InvalidDataException)
                    );
                }
            )
        );
    }

    [Fact]
    public void Gzipped_idx_reader_rejects_bad_files_with_InvalidDataException_only()
    {
        using var temp = new TempFolder();
        string path = temp.File("labels-idx1-ubyte.gz");
        byte[] valid = TestFiles.Gzip(TestFiles.Idx([40], new byte[40]));
        Check.One(
            Quick,
            Prop.ForAll(
                Mutations.Of(valid).ToArbitrary(),
                bytes =>
                {
                    File.WriteAllBytes(path, bytes);
                    Bounded.Run(
                        "IdxFile.Read (gzip)",
                        bytes,
                        () => IdxFile.Read(path, 1),
                        typeof(InvalidDataException)
                    );
                }
            )
        );
    }

    [Fact]
    public void Safetensors_reader_rejects_bad_files_with_InvalidDataException_only()
    {
        using var buffer = new MemoryStream();
        SafeTensors.Write(
            buffer,
            new Dictionary<string, Tensor>
            {
                ["dense.weight"] = new Tensor([1, 2, 3, 4, 5, 6], 2, 3),
                ["dense.bias"] = new Tensor([7, 8], 2),
            },
            new Dictionary<string, string> { ["format"] = "pt" }
        );
        byte[] valid = buffer.ToArray();
        Check.One(
            Quick,
            Prop.ForAll(
                Mutations.RandomOrMutated(valid, new LengthField(0, 8, false)),
                bytes =>
                    Bounded.Run(
                        "SafeTensors.Read",
                        bytes,
                        () => SafeTensors.Read(new MemoryStream(bytes), "fuzz.safetensors"),
                        typeof(InvalidDataException)
                    )
            )
        );
    }

    [Fact]
    public void Csv_series_reader_rejects_bad_files_with_InvalidDataException_or_a_named_column()
    {
        using var temp = new TempFolder();
        string path = temp.File("series.csv");
        byte[] valid = Encoding.UTF8.GetBytes(
            "\"Month\",\"Value\"\r\n2000-01,1.5\r\n\"2000-02\",2\r\n2000-03,-3e2\r\n"
        );
        string[] pieces =
        [
            "Month",
            "Value",
            ",",
            "\"",
            "\n",
            "\r\n",
            "2000-01",
            "1999",
            "2000-01-31",
            "1.5",
            "NaN",
            "-Infinity",
            "",
            " ",
        ];
        var csvLike = Gen.ArrayOf(Gen.Elements(pieces))
            .Select(parts => Encoding.UTF8.GetBytes("Month,Value\n" + string.Concat(parts)));
        var inputs = Gen.Frequency(
                (1, Mutations.RandomBytes),
                (2, csvLike),
                (3, Mutations.Of(valid))
            )
            .ToArbitrary();
        Check.One(
            Quick,
            Prop.ForAll(
                inputs,
                bytes =>
                {
                    File.WriteAllBytes(path, bytes);
                    Bounded.Run(
                        "TimeSeries.FromCsv",
                        bytes,
                        () => TimeSeries.FromCsv(path, "Value", "Month"),
                        typeof(InvalidDataException),
                        typeof(ArgumentException)
                    );
                }
            )
        );
    }

    [Fact]
    public void Imdb_tar_reader_rejects_bad_archives_with_InvalidDataException_only()
    {
        using var temp = new TempFolder();
        string path = temp.File("reviews.tar");
        byte[] valid = Tar([
            TestFiles.Review("train/neg", 0, 2, "Dull."),
            TestFiles.Review("train/pos", 1, 9, "Great!"),
            TestFiles.Review("test/neg", 2, 1, "Bad."),
            TestFiles.Review("test/pos", 3, 10, "Fine."),
        ]);
        Check.One(
            Quick,
            Prop.ForAll(
                Mutations.RandomOrMutated(valid),
                bytes =>
                {
                    File.WriteAllBytes(path, bytes);
                    Bounded.Run(
                        "ImdbReader.Read",
                        bytes,
                        () => ImdbReader.Read(path),
                        typeof(InvalidDataException)
                    );
                }
            )
        );
    }

    [Fact]
    public void Imdb_targz_reader_rejects_bad_archives_with_InvalidDataException_only()
    {
        using var temp = new TempFolder();
        string path = temp.File("reviews.tar.gz");
        TestFiles.TarGz(
            path,
            [
                TestFiles.Review("train/neg", 0, 2, "Dull."),
                TestFiles.Review("train/pos", 1, 9, "Great!"),
                TestFiles.Review("test/neg", 2, 1, "Bad."),
                TestFiles.Review("test/pos", 3, 10, "Fine."),
            ]
        );
        byte[] valid = File.ReadAllBytes(path);
        Check.One(
            Quick,
            Prop.ForAll(
                Mutations.Of(valid).ToArbitrary(),
                bytes =>
                {
                    File.WriteAllBytes(path, bytes);
                    Bounded.Run(
                        "ImdbReader.Read (gzip)",
                        bytes,
                        () => ImdbReader.Read(path),
                        typeof(InvalidDataException)
                    );
                }
            )
        );
    }

    /// <summary>An uncompressed ustar archive of <paramref name="entries"/>.</summary>
    internal static byte[] Tar(IEnumerable<(string Name, byte[] Bytes)> entries)
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Ustar, leaveOpen: true))
            foreach (var (name, bytes) in entries)
                tar.WriteEntry(
                    new UstarTarEntry(TarEntryType.RegularFile, name)
                    {
                        DataStream = new MemoryStream(bytes),
                    }
                );
        return buffer.ToArray();
    }
}
