using System.Text;
using LstmLab.Display;
using LstmLab.Tensors;

namespace LstmLab.Data;

/// <summary>
/// Inputs and targets that belong together, row for row: X is (N, …) and Y is (N, …).
/// Labels and token ids are stored as floats, as in Keras's numpy arrays.
/// A notebook shows the number of rows and, for X and Y, the shape and the first values.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed record LabelledData : IHtmlRenderable
{
    /// <summary>Pairs <paramref name="x"/> with <paramref name="y"/>; both must have N rows.</summary>
    public LabelledData(Tensor x, Tensor y)
    {
        if (x.Rank == 0 || y.Rank == 0 || x.Shape[0] != y.Shape[0])
            throw new ArgumentException(
                $"X {Tensor.Format(x.Shape)} and Y {Tensor.Format(y.Shape)} must have the same number of rows."
            );
        X = x;
        Y = y;
    }

    /// <summary>The inputs, (N, …).</summary>
    public Tensor X { get; }

    /// <summary>The targets, (N, …).</summary>
    public Tensor Y { get; }

    /// <summary>The number of rows N.</summary>
    public int Count => X.Shape[0];

    /// <summary>
    /// Splits off the last <paramref name="fraction"/> of the rows, as Keras's
    /// <c>validation_split</c> does: the first <c>(int)(N * (1 - fraction))</c> rows, then the rest.
    /// </summary>
    public (LabelledData First, LabelledData Last) SplitLast(double fraction)
    {
        if (fraction is < 0 or > 1 || double.IsNaN(fraction))
            throw new ArgumentOutOfRangeException(
                nameof(fraction),
                $"The held-out fraction must be in [0, 1], got {fraction}."
            );
        int splitAt = (int)(Count * (1 - fraction));
        return (Rows(0, splitAt), Rows(splitAt, Count - splitAt));
    }

    /// <summary>The first <paramref name="n"/> rows (all of them when there are fewer), for quick runs.</summary>
    public LabelledData Take(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return Rows(0, Math.Min(n, Count));
    }

    /// <summary>Unpacks into (x, y).</summary>
    public void Deconstruct(out Tensor x, out Tensor y)
    {
        x = X;
        y = Y;
    }

    /// <summary>"4,000 rows: X (4000, 28, 28), Y (4000,)".</summary>
    public override string ToString() =>
        $"{Count:N0} rows: X {Tensor.Format(X.Shape)}, Y {Tensor.Format(Y.Shape)}";

    /// <summary>The number of rows, then X and Y each with its shape, range and first values, as HTML.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder("<div class=\"lstmlab-data\"><b>LabelledData</b> ").Append(
            $"{Count:N0} rows of inputs X and targets Y<dl>"
        );
        foreach (var (name, tensor) in new[] { ("X", X), ("Y", Y) })
            html.Append($"<dt>{name} {TensorPreview.Summary(tensor)}</dt><dd>")
                .Append(TensorPreview.CornerHtml(tensor))
                .Append("</dd>");
        return html.Append("</dl></div>").ToString();
    }

    private LabelledData Rows(int start, int count) =>
        new(X.Slice(start, count), Y.Slice(start, count));
}
