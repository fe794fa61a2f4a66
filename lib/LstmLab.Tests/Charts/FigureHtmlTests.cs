using System.Text.RegularExpressions;
using LstmLab.Charts;

namespace LstmLab.Tests.Charts;

[Collection(PlotlyJsCollection.Name)]
public class FigureHtmlTests
{
    // The first figure of the process carries the bundle; most tests here look at the ones after it.
    public FigureHtmlTests() => Chart.Line(("first", [1.0])).ToHtml();

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
        Assert.DoesNotContain("https://cdn.plot.ly", first);
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
    public void By_default_the_first_figure_of_a_session_carries_the_bundle_and_later_ones_reuse_it()
    {
        PlotlyJs.ForgetEmbedded();

        string first = Chart.Line(("a", [1.0])).ToHtml();
        string second = Chart.Line(("b", [1.0])).ToHtml();

        Assert.Equal(PlotlyJsSource.FirstFigure, PlotlyJs.Source);
        Assert.StartsWith(PlotlyJs.ScriptTag(), first);
        Assert.Contains("plotly.js v4.1.2", first);
        Assert.DoesNotContain("plotly.js v4.1.2", second);
        Assert.Contains("lstmlabPlotlyWaiting", second);
        Assert.Equal(
            PlotlyJs.WithoutScriptTag(first).Length,
            first.Length - PlotlyJs.ScriptTag().Length
        );
    }

    [Fact]
    public void Loading_from_the_cdn_is_an_explicit_choice()
    {
        PlotlyJs.ForgetEmbedded();
        PlotlyJs.Source = PlotlyJsSource.Cdn;
        try
        {
            string html = Chart.Line(("a", [1.0])).ToHtml();

            Assert.DoesNotContain("plotly.js v4.1.2", html);
            Assert.Contains("script.src = \"https://cdn.plot.ly/plotly-4.1.2.min.js\"", html);
        }
        finally
        {
            PlotlyJs.Source = PlotlyJsSource.FirstFigure;
        }
    }

    [Fact]
    public void A_picture_goes_inside_the_figure_div()
    {
        string html = Chart.Line(("a", [1.0])).ToHtml();

        string with = FigurePicture.Insert(html, "iVBOR", "Figure \"a\"");

        Assert.Contains(
            "class=\"lstmlab-figure\" style=\"height:450px\"><img src=\"data:image/png;base64,iVBOR\" alt=\"Figure &quot;a&quot;\"",
            with
        );
    }

    [Fact]
    public void Text_says_the_title_and_each_trace_with_its_last_value()
    {
        var figure = Chart
            .Line(("train", [0.5, 0.25]), ("validation", [0.6, double.NaN]))
            .WithTitle("Loss");

        Assert.Equal(
            "Figure \"Loss\": train (2 points, last 0.25); validation (2 points, last none)",
            figure.ToString()
        );
        Assert.Equal(
            "Figure: accuracy (bars: LSTM 0.91, GRU 0.89)",
            Chart.Bar(["LSTM", "GRU"], ("accuracy", [0.91, 0.89])).ToString()
        );
    }

    [Fact]
    public void Bundle_is_the_pinned_npm_package()
    {
        string path = PlotlyJs.BundlePath();

        Assert.Equal("plotly.min.js", Path.GetFileName(path));
        Assert.Contains("plotly.js-dist-min@4.1.2", path);
        Assert.StartsWith(
            "<script type=\"text/javascript\" data-lstmlab-plotly=\"4.1.2\">",
            PlotlyJs.ScriptTag()
        );
        Assert.EndsWith("</script>", PlotlyJs.ScriptTag());
    }
}
