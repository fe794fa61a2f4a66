using System.Text;

namespace LstmLab.Data;

/// <summary>
/// The IMDB word ids, as Keras's <c>imdb.load_data(num_words, index_from=3)</c> assigns them:
/// 0 = padding, 1 = start of a review, 2 = out of vocabulary, 3 = unused; the word of frequency
/// rank r (1 = most frequent in the training reviews) gets id r + 3, so "the" is 4. Only ids
/// below <see cref="NumWords"/> are kept, the rest become 2. An Embedding layer needs
/// input_dim = NumWords.
/// </summary>
public sealed class ImdbVocabulary
{
    /// <summary>The id that fills padded positions.</summary>
    public const int Padding = 0;

    /// <summary>The id that starts every review.</summary>
    public const int Start = 1;

    /// <summary>The id of every word outside the vocabulary.</summary>
    public const int OutOfVocabulary = 2;

    /// <summary>Keras's index_from: the rank-1 word gets id IndexFrom + 1.</summary>
    public const int IndexFrom = 3;

    private readonly Dictionary<string, int> ranks;

    /// <summary>Builds the vocabulary from the training words sorted by frequency, most frequent first.</summary>
    internal ImdbVocabulary(IReadOnlyList<string> wordsByFrequency, int numWords)
    {
        WordsByFrequency = wordsByFrequency;
        NumWords = numWords;
        ranks = new Dictionary<string, int>(wordsByFrequency.Count);
        for (int i = 0; i < wordsByFrequency.Count; i++)
            ranks[wordsByFrequency[i]] = i + 1;
    }

    /// <summary>The number of ids, 0..NumWords-1 (the Embedding's input_dim).</summary>
    public int NumWords { get; }

    /// <summary>Every word of the training reviews, most frequent first (ties in order of first use).</summary>
    public IReadOnlyList<string> WordsByFrequency { get; }

    /// <summary>The id of <paramref name="word"/>, or <see cref="OutOfVocabulary"/>.</summary>
    public int IdOf(string word) =>
        ranks.TryGetValue(word, out int rank) ? IdOfRank(rank) : OutOfVocabulary;

    /// <summary>The word of <paramref name="id"/>; the reserved ids read &lt;pad&gt;, &lt;start&gt;, &lt;oov&gt;, &lt;unused&gt;.</summary>
    public string WordOf(int id) =>
        id switch
        {
            Padding => "<pad>",
            Start => "<start>",
            OutOfVocabulary => "<oov>",
            IndexFrom => "<unused>",
            _ when id > IndexFrom && id < NumWords && id - IndexFrom <= WordsByFrequency.Count =>
                WordsByFrequency[id - IndexFrom - 1],
            _ => throw new ArgumentOutOfRangeException(
                nameof(id),
                $"Word id {id} is outside the vocabulary 0..{NumWords - 1}."
            ),
        };

    /// <summary>The ids of a new review, as the model sees them: 1 then one id per word.</summary>
    public int[] Encode(string review)
    {
        var words = KerasText.Words(review);
        var ids = new int[words.Count + 1];
        ids[0] = Start;
        for (int i = 0; i < words.Count; i++)
            ids[i + 1] = IdOf(words[i]);
        return ids;
    }

    /// <summary>The words of a row of ids (padding left out), for display.</summary>
    public string Decode(ReadOnlySpan<float> ids)
    {
        var text = new StringBuilder();
        foreach (float id in ids)
        {
            if ((int)id == Padding)
                continue;
            if (text.Length > 0)
                text.Append(' ');
            text.Append(WordOf((int)id));
        }
        return text.ToString();
    }

    /// <summary>The id of frequency rank <paramref name="rank"/> (1-based) once NumWords is applied.</summary>
    internal int IdOfRank(int rank) =>
        rank + IndexFrom < NumWords ? rank + IndexFrom : OutOfVocabulary;
}
