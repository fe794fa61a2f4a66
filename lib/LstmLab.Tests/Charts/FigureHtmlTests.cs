using System.Text.RegularExpressions;
using LstmLab.Charts;

namespace LstmLab.Tests.Charts;

[Collection(PlotlyJsCollection.Name)]
public class FigureHtmlTests
{
    [Fact]
    public void Fragment_is_a_div_with_a_fresh_id_and_a_script_that_draws_into_it()
    {
        var figure = Chart.Line(("loss", [1.0, 0.5]));

        string first = figure.ToHtml();
        string second = figure.ToHtml();

        string id = Regex.Match(first, "<div id=\"(lstmlab-figure-[0-9a-f]{32})\"").Groups[1].Value;
        Assert.NotEqual("", id);
        Assert.Contains($"document.getElementById(\"{id}\")", first);
        Assert.DoesNotContain(id, second);
        Assert.Contains(
            "Plotly.newPlot(div, figure.data, figure.layout, { responsive: true })",
            first
        );
        Assert.Contains("if (window.Plotly)", first);
        Assert.Contains("https://cdn.plot.ly/plotly-4.1.2.min.js", first);
        Assert.Contains(figure.ToJson(), first);
    }

    [Fact]
    public void Div_has_the_figure_size_or_plotly_default_height()
    {
        Assert.Contains("style=\"height:450px\"", Chart.Line(("a", [1.0])).ToHtml());
        Assert.Contains(
            "style=\"height:300px;width:500px\"",
            Chart.Line(("a", [1.0])).WithSize(500, 300).ToHtml()
        );
    }

    [Fact]
    public void Text_from_the_user_cannot_close_the_script()
    {
        var figure = Chart.Line(("</script><b>", [1.0])).WithTitle("a < b & c");

        string html = figure.ToHtml();

        Assert.Single(Regex.Matches(html, "</script>"));
        Assert.DoesNotContain("<b>", html);
    }

    [Fact]
    public void Embedded_bundle_comes_with_the_first_figure_only()
    {
        PlotlyJs.ForgetEmbedded();
        PlotlyJs.Embed = true;
        try
        {
            string first = Chart.Line(("a", [1.0])).ToHtml();
            string second = Chart.Line(("b", [1.0])).ToHtml();

            Assert.StartsWith(PlotlyJs.ScriptTag(), first);
            Assert.Contains("plotly.js v4.1.2", first);
            Assert.DoesNotContain("plotly.js v4.1.2", second);
        }
        finally
        {
            PlotlyJs.Embed = false;
        }
    }

    [Fact]
    public void Bundle_is_the_pinned_npm_package()
    {
        string path = PlotlyJs.BundlePath();

        Assert.Equal("plotly.min.js", Path.GetFileName(path));
        Assert.Contains("plotly.js-dist-min@4.1.2", path);
        Assert.StartsWith("<script type=\"text/javascript\">", PlotlyJs.ScriptTag());
        Assert.EndsWith("</script>", PlotlyJs.ScriptTag());
    }
}
