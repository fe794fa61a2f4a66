namespace LstmLab.Data;

/// <summary>
/// The words of a text (split as <see cref="KerasText"/> does), most frequent first:
/// 0 = padding, 1 = out of vocabulary, the word of frequency rank r (1-based) gets id r + 1.
/// </summary>
public sealed class WordVocabulary
{
    /// <summary>The id that fills padded positions.</summary>
    public const int Padding = 0;

    /// <summary>The id of every word outside the vocabulary.</summary>
    public const int OutOfVocabulary = 1;

    private readonly Dictionary<string, int> ids;

    private WordVocabulary(string[] words)
    {
        Words = words;
        ids = new Dictionary<string, int>(words.Length);
        for (int i = 0; i < words.Length; i++)
            ids[words[i]] = i + 2;
    }

    /// <summary>
    /// The vocabulary of <paramref name="text"/>: every word, or only the
    /// <paramref name="maxWords"/> most frequent (ties in order of first use).
    /// </summary>
    public static WordVocabulary Build(string text, int? maxWords = null)
    {
        var counts = new Dictionary<string, int>();
        foreach (string word in KerasText.Words(text))
            counts[word] = counts.GetValueOrDefault(word) + 1;
        var byFrequency = counts.OrderByDescending(pair => pair.Value).Select(pair => pair.Key);
        return new WordVocabulary(
            (maxWords is int max ? byFrequency.Take(max) : byFrequency).ToArray()
        );
    }

    /// <summary>The words in the vocabulary, most frequent first (word i has id i + 2).</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>The number of ids including padding and out-of-vocabulary (the Embedding's input_dim).</summary>
    public int Size => Words.Count + 2;

    /// <summary>The id of <paramref name="word"/>, or <see cref="OutOfVocabulary"/>.</summary>
    public int IdOf(string word) => ids.TryGetValue(word, out int id) ? id : OutOfVocabulary;

    /// <summary>The word of <paramref name="id"/>; the reserved ids read &lt;pad&gt; and &lt;oov&gt;.</summary>
    public string WordOf(int id) =>
        id switch
        {
            Padding => "<pad>",
            OutOfVocabulary => "<oov>",
            _ when id >= 2 && id < Size => Words[id - 2],
            _ => throw new ArgumentOutOfRangeException(
                nameof(id),
                $"Word id {id} is outside the vocabulary 0..{Size - 1}."
            ),
        };

    /// <summary>The ids of the words of <paramref name="text"/>.</summary>
    public int[] Encode(string text) => KerasText.Words(text).Select(IdOf).ToArray();

    /// <summary>The words of a sequence of ids, separated by spaces.</summary>
    public string Decode(IEnumerable<int> idSequence) =>
        string.Join(' ', idSequence.Select(WordOf));
}
