using System.Text;

namespace LstmLab.Data;

/// <summary>
/// The characters of a text, sorted, each with an id 0..Size-1 (as in min-char-rnn).
/// </summary>
public sealed class CharVocabulary
{
    private readonly Dictionary<char, int> ids;

    private CharVocabulary(char[] characters)
    {
        Characters = characters;
        ids = new Dictionary<char, int>(characters.Length);
        for (int i = 0; i < characters.Length; i++)
            ids[characters[i]] = i;
    }

    /// <summary>The vocabulary of every distinct character of <paramref name="text"/>.</summary>
    public static CharVocabulary Build(string text) => new(text.Distinct().Order().ToArray());

    /// <summary>The characters, by id.</summary>
    public IReadOnlyList<char> Characters { get; }

    /// <summary>The number of distinct characters (the one-hot width).</summary>
    public int Size => Characters.Count;

    /// <summary>The id of every character of <paramref name="text"/>; an unknown character is an error naming its position.</summary>
    public int[] Encode(string text)
    {
        var result = new int[text.Length];
        for (int i = 0; i < text.Length; i++)
            if (!ids.TryGetValue(text[i], out result[i]))
                throw new ArgumentException(
                    $"Character '{text[i]}' (U+{(int)text[i]:X4}) at position {i} is not in the vocabulary of {Size} characters."
                );
        return result;
    }

    /// <summary>The text of a sequence of ids.</summary>
    public string Decode(IEnumerable<int> idSequence)
    {
        var text = new StringBuilder();
        foreach (int id in idSequence)
            text.Append(Characters[id]);
        return text.ToString();
    }

    /// <summary>The text of a row of ids stored as floats.</summary>
    public string Decode(ReadOnlySpan<float> idSequence)
    {
        var text = new StringBuilder(idSequence.Length);
        foreach (float id in idSequence)
            text.Append(Characters[(int)id]);
        return text.ToString();
    }
}
