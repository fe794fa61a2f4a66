namespace LstmLab.Data;

/// <summary>
/// Keras's text preprocessing (<c>text_to_word_sequence</c>): lowercase, turn the punctuation in
/// <c>!"#$%&amp;()*+,-./:;&lt;=&gt;?@[\]^_`{|}~</c> and whitespace into spaces, split on spaces.
/// HTML line breaks (<c>&lt;br /&gt;</c>, as in the IMDB reviews) are removed first.
/// The apostrophe is kept, so "don't" is one word, as in Keras.
/// </summary>
public static class KerasText
{
    private const string Filters = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~";

    /// <summary>The words of <paramref name="text"/>, in order.</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        char[] buffer = [];
        ReadOnlySpan<char> clean = Clean(text, ref buffer);
        foreach (Range word in clean.Split(' '))
            if (clean[word].Length > 0)
                words.Add(clean[word].ToString());
        return words;
    }

    /// <summary>
    /// Writes the cleaned text (lowercase, separators as single spaces) into <paramref name="buffer"/>,
    /// growing it when needed, and returns the part written. Reusing one buffer keeps tokenizing
    /// 50,000 reviews free of per-review allocations.
    /// </summary>
    internal static ReadOnlySpan<char> Clean(string text, ref char[] buffer)
    {
        if (buffer.Length < text.Length)
            buffer = new char[Math.Max(text.Length, buffer.Length * 2)];
        int n = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '<' && LineBreakLength(text, i) is int length and > 0)
            {
                i += length - 1;
                c = ' ';
            }
            else if (char.IsWhiteSpace(c) || Filters.Contains(c))
                c = ' ';
            else
                c = char.ToLowerInvariant(c);
            buffer[n++] = c;
        }
        return buffer.AsSpan(0, n);
    }

    /// <summary>The length of an HTML line break (&lt;br /&gt;, &lt;br/&gt;, &lt;br&gt;) at <paramref name="i"/>, else 0.</summary>
    private static int LineBreakLength(string text, int i)
    {
        foreach (string tag in LineBreaks)
            if (string.CompareOrdinal(text, i, tag, 0, tag.Length) == 0)
                return tag.Length;
        return 0;
    }

    private static readonly string[] LineBreaks = ["<br />", "<br/>", "<br>"];
}
