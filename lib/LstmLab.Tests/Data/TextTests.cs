using LstmLab.Data;

namespace LstmLab.Tests.Data;

public class TextTests
{
    [Fact]
    public void Char_vocabulary_is_sorted_and_round_trips()
    {
        var vocabulary = CharVocabulary.Build("hello world");
        Assert.Equal(" dehlorw", string.Concat(vocabulary.Characters));
        int[] ids = vocabulary.Encode("word");
        Assert.Equal([7, 5, 6, 1], ids);
        Assert.Equal("word", vocabulary.Decode(ids));
        Assert.Equal("word", vocabulary.Decode(ids.Select(i => (float)i).ToArray()));
    }

    [Fact]
    public void Unknown_character_names_its_position()
    {
        var e = Assert.Throws<ArgumentException>(() => CharVocabulary.Build("abc").Encode("abz"));
        Assert.Contains("'z' (U+007A) at position 2", e.Message);
    }

    [Fact]
    public void Word_vocabulary_ranks_by_frequency_after_padding_and_oov()
    {
        var vocabulary = WordVocabulary.Build("The cat. The dog, the CAT!", maxWords: 2);
        Assert.Equal(["the", "cat"], vocabulary.Words);
        Assert.Equal(4, vocabulary.Size);
        Assert.Equal([2, 3, 1], vocabulary.Encode("the cat dog"));
        Assert.Equal("the cat <oov>", vocabulary.Decode([2, 3, 1]));
    }

    [Fact]
    public void Next_token_windows_pair_each_window_with_the_following_id()
    {
        var (x, y) = TokenWindows.NextToken([0, 1, 2, 3, 4, 5, 6], length: 3, step: 2);
        Assert.Equal([2, 3], x.Shape); // starts 0 and 2; start 4 has no target after 4,5,6
        Assert.Equal([2f, 3f, 4f], x.Data[3..6]);
        Assert.Equal([3f, 5f], y.Data);
    }

    [Fact]
    public void Shifted_windows_target_every_step()
    {
        var (x, y) = TokenWindows.Shifted([0, 1, 2, 3, 4], length: 2, step: 2);
        Assert.Equal([2, 2], y.Shape);
        Assert.Equal([0f, 1f, 2f, 3f], x.Data);
        Assert.Equal([1f, 2f, 3f, 4f], y.Data);
    }

    [Fact]
    public void Too_few_tokens_is_an_error()
    {
        var e = Assert.Throws<ArgumentException>(() => TokenWindows.NextToken([1, 2, 3], 3));
        Assert.Contains("3 tokens are too few for one window of 3 tokens", e.Message);
    }

    [SkippableFact]
    public void Shared_tiny_shakespeare_has_65_characters()
    {
        var corpus = Needs.Data(() => TextCorpus.Load("tinyshakespeare"));
        Assert.Equal(1115394, corpus.Length);
        Assert.StartsWith("First Citizen:", corpus.Text);
        Assert.Equal(65, CharVocabulary.Build(corpus.Text).Size);
        Assert.Contains("1115394 characters, 65 distinct", corpus.ToString());
        Assert.Contains("40000 lines", corpus.ToHtml());
    }

    [Fact]
    public void Moby_dick_from_npm_starts_with_loomings()
    {
        var corpus = TextCorpus.Load("moby-dick");
        Assert.StartsWith("CHAPTER 1. Loomings.", corpus.Text);
        Assert.Contains("Call me Ishmael.", corpus.Text[..200]);
        Assert.True(corpus.Length > 1_000_000);
    }

    [Fact]
    public void Non_utf8_text_file_names_the_byte()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("bad.txt"), [(byte)'a', 0xC3, (byte)'(']);
        var e = Assert.Throws<InvalidDataException>(() =>
            TextCorpus.FromFile(temp.File("bad.txt"))
        );
        Assert.Contains("bad.txt: not valid UTF-8 at byte 1", e.Message);
    }
}
