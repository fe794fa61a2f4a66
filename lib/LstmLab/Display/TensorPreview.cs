using System.Globalization;
using System.Text;
using LstmLab.Tensors;

namespace LstmLab.Display;

/// <summary>
/// What a notebook shows of a tensor: its shape, the range and mean of its values, and a corner of
/// them — the first rows and columns of its last two axes at index 0 of the others, as numpy prints
/// an array with "…" where it leaves values out.
/// </summary>
internal static class TensorPreview
{
    private const int Rows = 5;
    private const int Columns = 8;

    /// <summary>"(4000, 28, 28): 3,136,000 values in [0, 1], mean 0.1307" (non-finite values counted apart).</summary>
    public static string Summary(Tensor tensor)
    {
        var text = new StringBuilder(Tensor.Format(tensor.Shape));
        text.Append($": {tensor.Length:N0} value{(tensor.Length == 1 ? "" : "s")}");
        var (min, max, mean, finite) = Statistics(tensor);
        if (finite > 0)
            text.Append($" in [{Number(min)}, {Number(max)}], mean {Number(mean)}");
        if (finite < tensor.Length)
            text.Append($", {tensor.Length - finite:N0} of them NaN or infinite");
        return text.ToString();
    }

    /// <summary>The tensor as an HTML fragment: the summary and the corner of its values as a table.</summary>
    public static string Html(Tensor tensor) =>
        $"<div class=\"lstmlab-tensor\"><b>Tensor</b> {Summary(tensor)}{CornerHtml(tensor)}</div>";

    /// <summary>The corner as a small table with a caption naming the indices it shows.</summary>
    public static string CornerHtml(Tensor tensor)
    {
        var (label, rows) = Corner(tensor);
        if (rows.Count == 0)
            return "";
        var html = new StringBuilder("<table class=\"lstmlab-tensor-values\"><caption>")
            .Append(System.Net.WebUtility.HtmlEncode(label))
            .Append("</caption>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (string cell in row)
                html.Append("<td>").Append(cell).Append("</td>");
            html.Append("</tr>");
        }
        return html.Append("</table>").ToString();
    }

    // The values shown, as text, with "…" for rows and columns left out; the label says which they are:
    // "[0, :5, :8]" for (N, T, F), "[:8]" for (N,).
    private static (string Label, List<string[]> Rows) Corner(Tensor tensor)
    {
        int rank = tensor.Rank;
        if (tensor.Length == 0)
            return ("", []);
        if (rank == 0)
            return (
                "the value",
                [
                    [Number(tensor.Data[0])],
                ]
            );
        int columns = tensor.Shape[^1];
        int rows = rank == 1 ? 1 : tensor.Shape[^2];
        int shownRows = Math.Min(rows, Rows);
        int shownColumns = Math.Min(columns, Columns);
        var lead = Enumerable.Repeat("0", Math.Max(0, rank - 2));
        var axes =
            rank == 1
                ? [$":{shownColumns}"]
                : lead.Append($":{shownRows}").Append($":{shownColumns}");
        string label = "values [" + string.Join(", ", axes) + "]";
        var table = new List<string[]>();
        for (int r = 0; r < shownRows; r++)
        {
            var cells = new List<string>();
            for (int c = 0; c < shownColumns; c++)
                cells.Add(Number(tensor.Data[r * columns + c]));
            if (shownColumns < columns)
                cells.Add("…");
            table.Add([.. cells]);
        }
        if (shownRows < rows)
            table.Add([.. Enumerable.Repeat("⋮", shownColumns + (shownColumns < columns ? 1 : 0))]);
        return (label, table);
    }

    private static (double Min, double Max, double Mean, long Finite) Statistics(Tensor tensor)
    {
        double min = double.PositiveInfinity;
        double max = double.NegativeInfinity;
        double sum = 0;
        long finite = 0;
        foreach (float v in tensor.Data)
        {
            if (!float.IsFinite(v))
                continue;
            finite++;
            sum += v;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        return (min, max, finite == 0 ? double.NaN : sum / finite, finite);
    }

    // Four decimals, or three significant digits in exponent form where four decimals would hide the value.
    private static string Number(double value) =>
        value.ToString(
            value == 0 || Math.Abs(value) is >= 1e-4 and < 1e7 ? "0.####" : "0.###e+0",
            CultureInfo.InvariantCulture
        );
}
