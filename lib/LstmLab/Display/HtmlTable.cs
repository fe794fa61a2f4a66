using System.Globalization;
using System.Net;
using System.Text;

namespace LstmLab.Display;

/// <summary>
/// A small table for notebook output: a header row and data rows of strings and numbers.
/// Text is HTML-escaped; numbers are right-aligned and written with <see cref="NumberFormat"/>.
/// </summary>
/// <example>
/// <code>
/// new HtmlTable(["epoch", "loss", "accuracy"], [[1, 0.6931, 0.51], [2, 0.4127, 0.83]])
/// </code>
/// </example>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class HtmlTable : IHtmlRenderable
{
    private readonly string[] headers;
    private readonly object?[][] rows;

    /// <summary>
    /// A table with the given column <paramref name="headers"/>; every row must have one cell per
    /// header. Cells may be strings, integers, floating-point numbers or null (an empty cell).
    /// </summary>
    public HtmlTable(IEnumerable<string> headers, IEnumerable<IEnumerable<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        this.headers = headers.ToArray();
        this.rows = rows.Select(row => row.ToArray()).ToArray();
        for (int i = 0; i < this.rows.Length; i++)
            if (this.rows[i].Length != this.headers.Length)
                throw new ArgumentException(
                    $"Table row {i} has {this.rows[i].Length} cells, but there are {this.headers.Length} headers ({string.Join(", ", this.headers)}).",
                    nameof(rows)
                );
    }

    /// <summary>A caption shown above the table (none by default).</summary>
    public string? Caption { get; init; }

    /// <summary>How floating-point cells are written (.NET format string, invariant culture).</summary>
    public string NumberFormat { get; init; } = "0.####";

    /// <summary>The number of data rows (the header row not counted).</summary>
    public int RowCount => rows.Length;

    /// <inheritdoc />
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append(
            "<table class=\"lstmlab-table\" style=\"border-collapse:collapse;font-family:sans-serif;font-size:13px\">"
        );
        if (Caption is not null)
            html.Append("<caption style=\"text-align:left;font-weight:bold;padding:4px\">")
                .Append(WebUtility.HtmlEncode(Caption))
                .Append("</caption>");
        html.Append("<thead><tr>");
        foreach (string header in headers)
            html.Append(
                    "<th style=\"border-bottom:2px solid #888;padding:4px 10px;text-align:left\">"
                )
                .Append(WebUtility.HtmlEncode(header))
                .Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (object?[] row in rows)
        {
            html.Append("<tr>");
            foreach (object? cell in row)
            {
                string align = IsNumber(cell) ? "right" : "left";
                html.Append(
                        $"<td style=\"border-bottom:1px solid #ddd;padding:4px 10px;text-align:{align}\">"
                    )
                    .Append(WebUtility.HtmlEncode(Text(cell)))
                    .Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
        return html.ToString();
    }

    private string Text(object? cell) =>
        cell switch
        {
            null => "",
            float f => f.ToString(NumberFormat, CultureInfo.InvariantCulture),
            double d => d.ToString(NumberFormat, CultureInfo.InvariantCulture),
            decimal m => m.ToString(NumberFormat, CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => cell.ToString() ?? "",
        };

    private static bool IsNumber(object? cell) =>
        cell
            is sbyte
                or byte
                or short
                or ushort
                or int
                or uint
                or long
                or ulong
                or float
                or double
                or decimal;
}
