namespace LstmLab.Charts;

/// <summary>The HTML fragment that draws one figure with plotly.js.</summary>
internal static class FigureHtml
{
    private const int DefaultHeight = 450;

    /// <summary>The class of every figure's div; a static picture of the figure goes inside it.</summary>
    public const string DivClass = "lstmlab-figure";

    private const string Missing =
        "This chart is drawn by plotly.js, which came with the first chart of the kernel session, "
        + "and that output is gone (cleared or run again). Restart the kernel and run the notebook again, "
        + "or set PlotlyJs.Source = PlotlyJsSource.Cdn to load plotly.js from the internet.";

    private const string Unreachable =
        "plotly.js could not be loaded from "
        + PlotlyJs.CdnUrl
        + ". Leave PlotlyJs.Source at its default (PlotlyJsSource.FirstFigure) to show charts offline.";

    /// <summary>
    /// A div with a fresh id and a script that draws <paramref name="figureJson"/> into it.
    /// The JSON comes from System.Text.Json's default encoder, which escapes &lt; and &gt;, so it
    /// cannot close the script element early. The div gets the figure's height (plotly.js's default,
    /// 450 px, when the layout sets none): with <c>responsive</c> on, plotly.js sizes the plot to its
    /// div, and a div without a height grows to the whole window.
    /// </summary>
    /// <param name="figureJson">The figure as plotly.js JSON.</param>
    /// <param name="width">The layout's width, if set.</param>
    /// <param name="height">The layout's height, if set.</param>
    /// <param name="source">Where plotly.js comes from when the page has none.</param>
    /// <param name="bundle">The bundle's script element to put first, or "".</param>
    public static string Fragment(
        string figureJson,
        int? width,
        int? height,
        PlotlyJsSource source,
        string bundle
    )
    {
        string id = "lstmlab-figure-" + Guid.NewGuid().ToString("N");
        string size =
            $"height:{height ?? DefaultHeight}px" + (width is { } w ? $";width:{w}px" : "");
        // A figure whose output is shown before the bundle's (or before the CDN answered) waits in
        // lstmlabPlotlyWaiting; whatever brings plotly.js draws the waiting figures.
        string fetch =
            source == PlotlyJsSource.Cdn
                ? $$"""
                      if (!window.lstmlabPlotlyLoading) {
                        window.lstmlabPlotlyLoading = true;
                        var script = document.createElement("script");
                        script.src = "{{PlotlyJs.CdnUrl}}";
                        script.onload = function () { window.lstmlabPlotlyWaiting.splice(0).forEach(function (d) { d(); }); };
                        script.onerror = function () {
                          document.querySelectorAll(".{{DivClass}}.waiting").forEach(function (d) { d.textContent = "{{Unreachable}}"; });
                        };
                        document.head.appendChild(script);
                      }
                    """
                : "";
        return $$"""
            {{bundle}}<div id="{{id}}" class="{{DivClass}}" style="{{size}}"></div>
            <script type="text/javascript">
            (function () {
              var figure = {{figureJson}};
              var div = document.getElementById("{{id}}");
              function draw() {
                div.textContent = "";
                div.classList.remove("waiting");
                window.Plotly.newPlot(div, figure.data, figure.layout, { responsive: true });
              }
              if (window.Plotly) { draw(); return; }
              (window.lstmlabPlotlyWaiting = window.lstmlabPlotlyWaiting || []).push(draw);
              div.classList.add("waiting");
              if (!div.firstChild) div.textContent = "{{(
                source == PlotlyJsSource.Cdn ? "Loading plotly.js…" : Missing
            )}}";
            {{fetch}}})();
            </script>
            """;
    }
}
