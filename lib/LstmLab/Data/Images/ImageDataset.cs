using System.Globalization;
using System.Net;
using System.Text;
using LstmLab.Display;
using LstmLab.Tensors;

namespace LstmLab.Data;

/// <summary>
/// An image classification dataset: Train and Test with X (N, height, width) in [0, 1] and
/// Y (N) class labels. Shows itself as a summary with counts, class balance and a few images.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class ImageDataset : IHtmlRenderable
{
    /// <summary>Builds a dataset from its two parts.</summary>
    public ImageDataset(
        string name,
        LabelledData train,
        LabelledData test,
        IReadOnlyList<string> classNames,
        string source
    )
    {
        Name = name;
        Train = train;
        Test = test;
        ClassNames = classNames;
        Source = source;
    }

    /// <summary>The dataset's name, e.g. MNIST.</summary>
    public string Name { get; }

    /// <summary>The training set: X (60000, 28, 28), Y (60000).</summary>
    public LabelledData Train { get; }

    /// <summary>The test set, for the final evaluation only: X (10000, 28, 28), Y (10000).</summary>
    public LabelledData Test { get; }

    /// <summary>The name of each label.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Where the files were read from.</summary>
    public string Source { get; }

    /// <summary>
    /// The assignment's split of the training set: the first 1 - <paramref name="validationFraction"/>
    /// for training, the last <paramref name="validationFraction"/> for validation (Keras's validation_split).
    /// </summary>
    public (LabelledData Train, LabelledData Validation) SplitValidation(
        double validationFraction = 0.2
    ) => Train.SplitLast(validationFraction);

    /// <summary>How many rows of <paramref name="data"/> have each label.</summary>
    public int[] ClassCounts(LabelledData data)
    {
        var counts = new int[ClassNames.Count];
        foreach (float label in data.Y.Data)
            counts[(int)label]++;
        return counts;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"{Name} from {Source}");
        text.AppendLine(
            $"train {Train.Count} x {ShapeOfOne(Train)}, test {Test.Count} x {ShapeOfOne(Test)}, pixels in [0, 1]"
        );
        text.AppendLine($"{"class", -12} {"train", 6} {"test", 6}");
        int[] train = ClassCounts(Train);
        int[] test = ClassCounts(Test);
        for (int c = 0; c < ClassNames.Count; c++)
            text.AppendLine($"{ClassNames[c], -12} {train[c], 6} {test[c], 6}");
        return text.ToString().TrimEnd();
    }

    /// <inheritdoc/>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append(
            $"<div class=\"lstmlab-dataset\"><b>{Encode(Name)}</b> <small>from {Encode(Source)}</small>"
        );
        html.Append(
            $"<p>train {Train.Count} &times; {ShapeOfOne(Train)}, test {Test.Count} &times; {ShapeOfOne(Test)}, pixels in [0, 1]</p>"
        );
        html.Append("<table><tr><th>class</th><th>train</th><th>test</th></tr>");
        int[] train = ClassCounts(Train);
        int[] test = ClassCounts(Test);
        for (int c = 0; c < ClassNames.Count; c++)
            html.Append(
                $"<tr><td>{Encode(ClassNames[c])}</td><td>{train[c]}</td><td>{test[c]}</td></tr>"
            );
        html.Append("</table><div>");
        for (int i = 0; i < Math.Min(8, Train.Count); i++)
            html.Append(Heatmap(Train.X, i, ClassNames[(int)Train.Y.Data[i]]));
        html.Append("</div></div>");
        return html.ToString();
    }

    /// <summary>Image <paramref name="index"/> of X (N, H, W) as a small grey SVG heatmap with its label.</summary>
    private static string Heatmap(Tensor images, int index, string label)
    {
        int height = images.Shape[1];
        int width = images.Shape[2];
        const int scale = 2;
        var svg = new StringBuilder();
        svg.Append(
            $"<figure style=\"display:inline-block;margin:2px;text-align:center\"><svg width=\"{width * scale}\" height=\"{height * scale}\" style=\"background:#fff\">"
        );
        int offset = index * height * width;
        for (int r = 0; r < height; r++)
        for (int c = 0; c < width; c++)
        {
            float value = images.Data[offset + r * width + c];
            if (value > 0)
                svg.Append(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"<rect x=\"{c * scale}\" y=\"{r * scale}\" width=\"{scale}\" height=\"{scale}\" fill-opacity=\"{value:0.##}\"/>"
                    )
                );
        }
        svg.Append($"</svg><figcaption>{Encode(label)}</figcaption></figure>");
        return svg.ToString();
    }

    private static string ShapeOfOne(LabelledData data) => string.Join(" x ", data.X.Shape.Skip(1));

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
