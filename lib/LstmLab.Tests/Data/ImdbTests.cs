using System.Text;
using LstmLab.Data;

namespace LstmLab.Tests.Data;

public class ImdbTests
{
    private static List<(string, byte[])> SmallArchive() =>
        [
            ("aclImdb/README", Encoding.UTF8.GetBytes("readme")),
            TestFiles.Review("test/neg", 0, 2, "Bad."),
            TestFiles.Review("test/pos", 0, 10, "Great unknownword"),
            TestFiles.Review("train/neg", 0, 1, "Bad film. Bad, BAD."),
            TestFiles.Review("train/pos", 0, 9, "Great film!<br /><br />Great fun"),
            TestFiles.Review("train/pos", 1, 8, "great acting"),
            ("aclImdb/train/unsup/0_0.txt", Encoding.UTF8.GetBytes("skipped")),
            ("aclImdb/train/urls_pos.txt", Encoding.UTF8.GetBytes("http://")),
        ];

    [Fact]
    public void Keras_ids_start_pad_oov_and_words_from_index_3()
    {
        using var temp = new TempFolder();
        TestFiles.TarGz(temp.File("small.tar.gz"), SmallArchive());
        var imdb = Imdb.Load(numWords: 100, maxlen: 5, source: temp.File("small.tar.gz"));
        var vocabulary = imdb.Vocabulary;

        // great and bad occur 3 times, film twice: ids 4 and 5 go to great/bad, 6 to film.
        Assert.Equal(["bad", "great"], vocabulary.WordsByFrequency.Take(2).Order());
        Assert.Equal("film", vocabulary.WordsByFrequency[2]);
        Assert.Equal(6, vocabulary.IdOf("film"));
        Assert.Equal(ImdbVocabulary.OutOfVocabulary, vocabulary.IdOf("unknownword"));
        Assert.Equal(3, imdb.Train.Count);
        Assert.Equal(2, imdb.Test.Count);

        int row = Enumerable.Range(0, 2).Single(i => imdb.Test.Y[i] == 1);
        int great = vocabulary.IdOf("great");
        Assert.Equal(
            [0, 0, 1, great, 2],
            imdb.Test.X.Data.AsSpan(row * 5, 5).ToArray().Select(v => (int)v)
        );
        Assert.Equal("<start> great <oov>", imdb.Decode(imdb.Test.X.Data.AsSpan(row * 5, 5)));
        Assert.Equal("Great unknownword", imdb.TestTexts[row]);
        Assert.Contains("positive: train 2, test 1", imdb.ToString());
        Assert.Contains("<td><code>&lt;start&gt;", imdb.ToHtml());
    }

    [Fact]
    public void Line_breaks_are_stripped_and_long_reviews_lose_their_start()
    {
        using var temp = new TempFolder();
        TestFiles.TarGz(temp.File("small.tar.gz"), SmallArchive());
        var imdb = Imdb.Load(numWords: 100, maxlen: 3, source: temp.File("small.tar.gz"));
        int row = Enumerable.Range(0, 3).Single(i => imdb.TrainTexts[i].StartsWith("Great film"));
        // [start, great, film, great, fun] truncated at the front to its last 3 ids.
        Assert.Equal("film great fun", imdb.DecodeTrain(row));
    }

    [Fact]
    public void A_small_num_words_sends_rarer_words_to_oov()
    {
        using var temp = new TempFolder();
        TestFiles.TarGz(temp.File("small.tar.gz"), SmallArchive());
        var imdb = Imdb.Load(numWords: 6, maxlen: 10, source: temp.File("small.tar.gz"));
        Assert.Equal(ImdbVocabulary.OutOfVocabulary, imdb.Vocabulary.IdOf("film"));
        Assert.True(imdb.Train.X.Data.Max() < 6);
        Assert.Equal([1, 2, 2], imdb.Vocabulary.Encode("Film acting"));
    }

    [Fact]
    public void Reads_an_unpacked_folder_the_same_as_the_tarball()
    {
        using var temp = new TempFolder();
        TestFiles.TarGz(temp.File("small.tar.gz"), SmallArchive());
        foreach (var (name, bytes) in SmallArchive())
        {
            string path = Path.Combine(temp.Path, "unpacked", name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
        var fromTar = Imdb.Load(numWords: 100, maxlen: 8, source: temp.File("small.tar.gz"));
        var fromFolder = Imdb.Load(
            numWords: 100,
            maxlen: 8,
            source: Path.Combine(temp.Path, "unpacked")
        );
        Assert.Equal(fromTar.Train.X.Data, fromFolder.Train.X.Data);
        Assert.Equal(fromTar.Test.Y.Data, fromFolder.Test.Y.Data);
    }

    [Fact]
    public void Tarball_with_missing_folders_names_them()
    {
        using var temp = new TempFolder();
        TestFiles.TarGz(
            temp.File("partial.tar.gz"),
            SmallArchive().Where(e => !e.Item1.Contains("test/neg"))
        );
        var e = Assert.Throws<InvalidDataException>(() =>
            Imdb.Load(source: temp.File("partial.tar.gz"))
        );
        Assert.Contains("partial.tar.gz: no reviews in test/neg/", e.Message);
        Assert.Contains("train/pos 2", e.Message);
    }

    [Fact]
    public void Folder_without_a_split_names_the_missing_folder()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(Path.Combine(temp.Path, "aclImdb", "train", "pos"));
        Directory.CreateDirectory(Path.Combine(temp.Path, "aclImdb", "train", "neg"));
        var e = Assert.Throws<InvalidDataException>(() => Imdb.Load(source: temp.Path));
        Assert.Contains("the folder test/neg/ is missing", e.Message);
    }

    [Fact]
    public void Non_utf8_review_names_entry_and_byte()
    {
        using var temp = new TempFolder();
        var entries = SmallArchive();
        entries.Add(("aclImdb/train/pos/7_7.txt", [(byte)'o', (byte)'k', 0xFF, (byte)'!']));
        TestFiles.TarGz(temp.File("bad.tar.gz"), entries);
        var e = Assert.Throws<InvalidDataException>(() =>
            Imdb.Load(source: temp.File("bad.tar.gz"))
        );
        Assert.Contains(
            "bad.tar.gz: aclImdb/train/pos/7_7.txt: not valid UTF-8 at byte 2",
            e.Message
        );
    }

    [Fact]
    public void Truncated_tarball_is_an_error_naming_the_file()
    {
        using var temp = new TempFolder();
        var entries = SmallArchive();
        for (int i = 2; i < 400; i++)
            entries.Add(TestFiles.Review("train/pos", i, 9, new string('x', 500 + i)));
        TestFiles.TarGz(temp.File("whole.tar.gz"), entries);
        byte[] bytes = File.ReadAllBytes(temp.File("whole.tar.gz"));
        File.WriteAllBytes(temp.File("cut.tar.gz"), bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() =>
            Imdb.Load(source: temp.File("cut.tar.gz"))
        );
        Assert.Contains("cut.tar.gz", e.Message);
    }

    [Fact]
    public void No_source_lists_what_was_tried_and_how_to_fetch()
    {
        using var temp = new TempFolder();
        var e = Assert.Throws<DataUnavailableException>(() =>
            Imdb.Load(sharedRoot: temp.File("nowhere"), cacheRoot: temp.Path)
        );
        Assert.Contains(
            Path.Combine(temp.File("nowhere"), "imdb", "aclImdb_labelled.tar.gz"),
            e.Message
        );
        Assert.Contains(Path.Combine(temp.Path, "imdb", "aclImdb_v1.tar.gz"), e.Message);
        Assert.Contains("lstmlab data fetch imdb --allow-download", e.Message);
        Assert.Contains("LSTMLAB_ALLOW_DOWNLOAD=1", e.Message);
    }

    [SkippableFact]
    public void Shared_tarball_loads_25000_and_25000_with_a_10000_word_vocabulary()
    {
        var imdb = Needs.Data(() => Imdb.Load(numWords: 10000, maxlen: 200));
        Assert.Equal([25000, 200], imdb.Train.X.Shape);
        Assert.Equal([25000, 200], imdb.Test.X.Shape);
        Assert.Equal(12500, imdb.Train.Y.Data.Count(y => y == 1));
        Assert.Equal(12500, imdb.Test.Y.Data.Count(y => y == 1));
        Assert.Equal("the", imdb.Vocabulary.WordsByFrequency[0]);
        Assert.Equal(4, imdb.Vocabulary.IdOf("the"));
        Assert.True(imdb.Train.X.Data.Max() <= 9999);
        // Shuffled with a fixed seed, so a validation split holds both classes.
        var (_, validation) = imdb.Train.SplitLast(0.2);
        Assert.InRange(validation.Y.Data.Average(), 0.45, 0.55);
        // "bromwell" is too rare for 10,000 words; this short review keeps its start.
        int row = Enumerable
            .Range(0, 25000)
            .First(i => imdb.TrainTexts[i].StartsWith("Bromwell High is a cartoon comedy"));
        Assert.StartsWith("<start> <oov> high is a cartoon comedy", imdb.DecodeTrain(row));
    }
}
