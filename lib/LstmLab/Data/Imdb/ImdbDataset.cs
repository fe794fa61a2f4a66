using System.Globalization;
using System.Net;
using System.Text;
using LstmLab.Display;

namespace LstmLab.Data;

/// <summary>
/// IMDB reviews as padded word ids: Train and Test with X (N, maxlen) and Y (N), 1 = positive.
/// Row i of X belongs to the review text <c>TrainTexts[i]</c> (or TestTexts).
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class ImdbDataset : IHtmlRenderable
{
    private readonly int[] trainLengths;

    internal ImdbDataset(
        LabelledData train,
        LabelledData test,
        ImdbVocabulary vocabulary,
        int maxlen,
        IReadOnlyList<string> trainTexts,
        IReadOnlyList<string> testTexts,
        int[] trainLengths,
        string source
    )
    {
        Train = train;
        Test = test;
        Vocabulary = vocabulary;
        Maxlen = maxlen;
        TrainTexts = trainTexts;
        TestTexts = testTexts;
        this.trainLengths = trainLengths;
        Source = source;
    }

    /// <summary>The training reviews: X (25000, maxlen) word ids, Y (25000) labels.</summary>
    public LabelledData Train { get; }

    /// <summary>The test reviews, for the final evaluation only: X (25000, maxlen), Y (25000).</summary>
    public LabelledData Test { get; }

    /// <summary>The word ids.</summary>
    public ImdbVocabulary Vocabulary { get; }

    /// <summary>The length every sequence was padded or truncated to.</summary>
    public int Maxlen { get; }

    /// <summary>The original training reviews, row for row.</summary>
    public IReadOnlyList<string> TrainTexts { get; }

    /// <summary>The original test reviews, row for row.</summary>
    public IReadOnlyList<string> TestTexts { get; }

    /// <summary>The folder or tarball the reviews were read from.</summary>
    public string Source { get; }

    /// <summary>The words of a row of ids, padding left out.</summary>
    public string Decode(ReadOnlySpan<float> ids) => Vocabulary.Decode(ids);

    /// <summary>Row <paramref name="row"/> of the training ids, decoded.</summary>
    public string DecodeTrain(int row) => Decode(Train.X.Data.AsSpan(row * Maxlen, Maxlen));

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"IMDB from {Source}");
        foreach (string line in Facts())
            text.AppendLine(line);
        for (int i = 0; i < Math.Min(3, Train.Count); i++)
            text.AppendLine($"[{Label(i)}] {Snippet(TrainTexts[i], 160)}");
        return text.ToString().TrimEnd();
    }

    /// <inheritdoc/>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append(
            $"<div class=\"lstmlab-dataset\"><b>IMDB</b> <small>from {WebUtility.HtmlEncode(Source)}</small><ul>"
        );
        foreach (string line in Facts())
            html.Append($"<li>{WebUtility.HtmlEncode(line)}</li>");
        html.Append(
            "</ul><table><tr><th>label</th><th>review</th><th>as the model sees it</th></tr>"
        );
        for (int i = 0; i < Math.Min(3, Train.Count); i++)
            html.Append(
                $"<tr><td>{Label(i)}</td><td>{WebUtility.HtmlEncode(Snippet(TrainTexts[i], 300))}</td>"
                    + $"<td><code>{WebUtility.HtmlEncode(Snippet(DecodeTrain(i), 300))}</code></td></tr>"
            );
        html.Append("</table></div>");
        return html.ToString();
    }

    private IEnumerable<string> Facts()
    {
        yield return $"train {Train.Count} x {Maxlen}, test {Test.Count} x {Maxlen} word ids";
        yield return $"positive: train {Positives(Train)}, test {Positives(Test)}";
        yield return $"vocabulary: ids 0..{Vocabulary.NumWords - 1} (0 pad, 1 start, 2 out of vocabulary), "
            + $"{Vocabulary.WordsByFrequency.Count} distinct training words";
        if (trainLengths.Length > 0)
        {
            var sorted = trainLengths.Order().ToArray();
            int longer = trainLengths.Count(length => length > Maxlen);
            yield return string.Create(
                CultureInfo.InvariantCulture,
                $"review length in words (with start): median {sorted[sorted.Length / 2]}, "
                    + $"mean {trainLengths.Average():0}, {100.0 * longer / trainLengths.Length:0.#}% truncated to {Maxlen}"
            );
        }
    }

    private string Label(int row) => Train.Y.Data[row] == 1 ? "pos" : "neg";

    private static int Positives(LabelledData data) => data.Y.Data.Count(y => y == 1);

    private static string Snippet(string text, int length)
    {
        string flat = text.Replace("<br />", " ");
        return flat.Length <= length ? flat : flat[..length] + "…";
    }
}
