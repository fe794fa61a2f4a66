using LstmLab.Charts;
using LstmLab.Display;

namespace LstmLab.Models;

/// <summary>
/// <see cref="Sequential.Fit"/>'s progress in a notebook: one <see cref="TrainingView"/> per fit,
/// shown under the cell and updated in place (at most twice a second, and at each epoch's end)
/// instead of console lines. Where no cell is running it writes the console's line.
/// </summary>
internal sealed class NotebookProgress : IProgress<TrainingProgress>
{
    private const int MinimumMilliseconds = 500;

    private readonly List<double> losses = [];
    private readonly List<double> validationLosses = [];
    private PlotlyJsSource? source;
    private Action<object>? update;
    private ConsoleProgress? console;
    private long lastDraw;

    /// <summary>The notebook's view when a notebook's display is loaded, else the console's line.</summary>
    public static IProgress<TrainingProgress> ForFit() =>
        NotebookDisplay.Available ? new NotebookProgress() : new ConsoleProgress();

    public void Report(TrainingProgress value)
    {
        if (console is not null)
        {
            console.Report(value);
            return;
        }
        long now = Environment.TickCount64;
        if (value.EpochEnded)
        {
            losses.Add(value.Logs.GetValueOrDefault("loss", double.NaN));
            if (value.Logs.TryGetValue("val_loss", out double validation))
                validationLosses.Add(validation);
        }
        else if (update is not null && now - lastDraw < MinimumMilliseconds)
            return;
        lastDraw = now;
        if (losses.Count > 0 && source is null)
            source = SendPlotlyJs();
        var view = new TrainingView(
            value,
            [.. losses],
            [.. validationLosses],
            source ?? PlotlyJs.Source
        );
        if (update is not null)
        {
            update(view);
            return;
        }
        update = NotebookDisplay.Show(view);
        if (update is null)
        {
            console = new ConsoleProgress();
            console.Report(value);
        }
    }

    // The view's curve is redrawn in every update, so the view must not be the output that carries
    // plotly.js: when this session has not sent it yet, it goes in an output of its own, which the
    // curve waits for.
    private static PlotlyJsSource SendPlotlyJs()
    {
        var (bundle, source) = PlotlyJs.ForNextFigure();
        if (bundle.Length > 0)
            NotebookDisplay.Show(new HtmlOutput(bundle));
        return source;
    }

    [TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
    private sealed class HtmlOutput(string html) : IHtmlRenderable
    {
        public string ToHtml() => html;

        public override string ToString() => "plotly.js";
    }
}
