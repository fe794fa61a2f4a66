using System.Globalization;
using System.Net;
using System.Text;
using LstmLab.Charts;
using LstmLab.Display;

namespace LstmLab.Models;

/// <summary>
/// What a notebook shows while <see cref="Sequential.Fit"/> runs, in one output updated in place:
/// the epoch, a bar for the batches, the running loss and metrics, and the loss per epoch so far.
/// Its text is the terminal's one-line progress.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class TrainingView : IHtmlRenderable
{
    private readonly TrainingProgress progress;
    private readonly IReadOnlyList<double> losses;
    private readonly IReadOnlyList<double> validationLosses;
    private readonly PlotlyJsSource source;

    internal TrainingView(
        TrainingProgress progress,
        IReadOnlyList<double> losses,
        IReadOnlyList<double> validationLosses,
        PlotlyJsSource source
    )
    {
        this.progress = progress;
        this.losses = losses;
        this.validationLosses = validationLosses;
        this.source = source;
    }

    /// <summary>The progress this view shows.</summary>
    public TrainingProgress Progress => progress;

    /// <summary>The loss per epoch so far (train, and validation when there is some); null before the first epoch ends.</summary>
    public Figure? Curve =>
        losses.Count == 0
            ? null
            : Chart
                .Line(
                    validationLosses.Count > 0
                        ? [("train", losses), ("validation", validationLosses)]
                        : [("train", losses)]
                )
                .WithTitle("loss per epoch")
                .WithXAxis("epoch");

    /// <inheritdoc />
    public string ToHtml()
    {
        double done = progress.Batches == 0 ? 1 : progress.Batch / (double)progress.Batches;
        var html = new StringBuilder();
        html.Append(
                "<div class=\"lstmlab-training\" style=\"font-family:sans-serif;font-size:13px\">"
            )
            .Append(
                $"<div><b>Epoch {progress.Epoch}/{progress.Epochs}</b> · batch {progress.Batch}/{progress.Batches} · "
            )
            .Append(progress.Seconds.ToString("0.0", CultureInfo.InvariantCulture))
            .Append(" s</div>")
            .Append(
                "<div style=\"background:#e5e7eb;width:360px;height:8px;border-radius:4px;margin:4px 0\">"
            )
            .Append(
                $"<div style=\"background:#1f77b4;width:{(done * 100).ToString("0.#", CultureInfo.InvariantCulture)}%;height:8px;border-radius:4px\"></div></div>"
            )
            .Append("<div>");
        foreach (var (name, value) in progress.Logs)
            html.Append(
                $"<span style=\"margin-right:14px\">{WebUtility.HtmlEncode(name)} <b>{value.ToString("0.0000", CultureInfo.InvariantCulture)}</b></span>"
            );
        html.Append("</div>");
        if (Curve is { } curve)
            html.Append(FigureHtml.Fragment(curve.ToJson(), 420, 240, source, ""));
        return html.Append("</div>").ToString();
    }

    /// <summary>The one-line progress, as a terminal shows it.</summary>
    public override string ToString() => progress.ToString();
}
