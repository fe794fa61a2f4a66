namespace LstmLab.Charts;

/// <summary>The HTML fragment that draws one figure with plotly.js.</summary>
internal static class FigureHtml
{
    private const int DefaultHeight = 450;

    /// <summary>
    /// A div with a fresh id and a script that draws <paramref name="figureJson"/> into it.
    /// The JSON comes from System.Text.Json's default encoder, which escapes &lt; and &gt;, so it
    /// cannot close the script element early. The div gets the figure's height (plotly.js's default,
    /// 450 px, when the layout sets none): with <c>responsive</c> on, plotly.js sizes the plot to its
    /// div, and a div without a height grows to the whole window.
    /// </summary>
    public static string Fragment(string figureJson, int? width, int? height)
    {
        string id = "lstmlab-figure-" + Guid.NewGuid().ToString("N");
        string size =
            $"height:{height ?? DefaultHeight}px" + (width is { } w ? $";width:{w}px" : "");
        string bundle = PlotlyJs.Embed ? PlotlyJs.ScriptTagOncePerProcess() : "";
        // Several figures may wait for the CDN at once: they share one promise so plotly.js loads once.
        return $$"""
            {{bundle}}<div id="{{id}}" class="lstmlab-figure" style="{{size}}"></div>
            <script type="text/javascript">
            (function () {
              var figure = {{figureJson}};
              var div = document.getElementById("{{id}}");
              function draw() { window.Plotly.newPlot(div, figure.data, figure.layout, { responsive: true }); }
              if (window.Plotly) { draw(); return; }
              window.lstmlabPlotly = window.lstmlabPlotly || new Promise(function (resolve, reject) {
                var script = document.createElement("script");
                script.src = "{{PlotlyJs.CdnUrl}}";
                script.onload = resolve;
                script.onerror = reject;
                document.head.appendChild(script);
              });
              window.lstmlabPlotly.then(draw, function () {
                div.textContent = "plotly.js could not be loaded from {{PlotlyJs.CdnUrl}}; set PlotlyJs.Embed = true to show charts offline.";
              });
            })();
            </script>
            """;
    }
}
