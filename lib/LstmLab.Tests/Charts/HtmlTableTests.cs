using LstmLab.Display;

namespace LstmLab.Tests.Charts;

public class HtmlTableTests
{
    [Fact]
    public void Text_is_escaped_everywhere()
    {
        var table = new HtmlTable(
            ["<th>", "a & b"],
            [
                ["<script>alert(1)</script>", "\"quoted\""],
            ]
        )
        {
            Caption = "x < y",
        };

        string html = table.ToHtml();

        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<th>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("a &amp; b", html);
        Assert.Contains("&quot;quoted&quot;", html);
        Assert.Contains("x &lt; y", html);
    }

    [Fact]
    public void Numbers_use_the_number_format_and_are_right_aligned()
    {
        var table = new HtmlTable(
            ["epoch", "loss", "note"],
            [
                [3, 0.123456789, null],
                [4, 1.5f, "best"],
            ]
        )
        {
            NumberFormat = "0.000",
        };

        string html = table.ToHtml();

        Assert.Contains(">0.123</td>", html);
        Assert.Contains(">1.500</td>", html);
        Assert.Contains("text-align:right\">3</td>", html);
        Assert.Contains("text-align:left\"></td>", html);
        Assert.Equal(2, table.RowCount);
    }

    [Fact]
    public void Numbers_ignore_the_current_culture()
    {
        var saved = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            Assert.Contains(
                ">0.5</td>",
                new HtmlTable(
                    ["x"],
                    [
                        [0.5],
                    ]
                ).ToHtml()
            );
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = saved;
        }
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_cells_is_named()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new HtmlTable(
                ["a", "b"],
                [
                    ["1", "2"],
                    ["3"],
                ]
            )
        );

        Assert.Contains("row 1 has 1 cells, but there are 2 headers (a, b)", error.Message);
    }
}
