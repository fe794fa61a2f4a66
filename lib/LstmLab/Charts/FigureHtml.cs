namespace LstmLab.Charts;

/// <summary>The HTML fragment that draws one figure with plotly.js.</summary>
internal static class FigureHtml
{
    /// <summary>
    /// A div with a fresh id and a script that draws <paramref name="figureJson"/> into it.
    /// The JSON comes from System.Text.Json's default encoder, which escapes &lt; and &gt;, so it
    /// cannot close the script element early.
    /// </summary>
    public static string Fragment(string figureJson)
    {
        string id = "lstmlab-figure-" + Guid.NewGuid().ToString("N");
        string bundle = PlotlyJs.Embed ? PlotlyJs.ScriptTagOncePerProcess() : "";
        // Several figures may wait for the CDN at once: they share one promise so plotly.js loads once.
        return $$"""
            {{bundle}}<div id="{{id}}" class="lstmlab-figure"></div>
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
