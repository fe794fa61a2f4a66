using System.Globalization;
using System.Net;
using System.Text;
using LstmLab.Display;

namespace LstmLab.Models;

/// <summary>What happened in one epoch of <see cref="Sequential.Fit"/>.</summary>
/// <param name="Epoch">The epoch number, from 1.</param>
/// <param name="Values">loss, the metrics, val_loss and the validation metrics, by Keras's names.</param>
/// <param name="LearningRate">The learning rate used in this epoch.</param>
/// <param name="Seconds">Wall-clock time of the epoch, validation included.</param>
public sealed record EpochLog(
    int Epoch,
    IReadOnlyDictionary<string, double> Values,
    double LearningRate,
    double Seconds
);

/// <summary>The per-epoch record of a training run, as Keras's <c>History</c>: <c>history["val_accuracy"]</c>.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class History : IHtmlRenderable
{
    private readonly List<EpochLog> epochs = [];

    /// <summary>The epochs in order.</summary>
    public IReadOnlyList<EpochLog> Epochs => epochs;

    /// <summary>The names recorded each epoch (loss, metrics, val_*), in order.</summary>
    public IReadOnlyList<string> Keys => epochs.Count == 0 ? [] : [.. epochs[0].Values.Keys];

    /// <summary>One value per epoch for <paramref name="key"/> ("loss", "val_accuracy", "lr", "seconds").</summary>
    public IReadOnlyList<double> this[string key] =>
        key switch
        {
            "lr" or "learning_rate" => epochs.Select(e => e.LearningRate).ToList(),
            "seconds" => epochs.Select(e => e.Seconds).ToList(),
            _ when epochs.Count > 0 && !epochs[0].Values.ContainsKey(key) =>
                throw new KeyNotFoundException(
                    $"The history has no '{key}'; it has: {string.Join(", ", Keys)}, lr, seconds."
                ),
            _ => epochs.Select(e => e.Values[key]).ToList(),
        };

    internal void Add(EpochLog log) => epochs.Add(log);

    /// <summary>A table: one row per epoch.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(
            "epoch " + string.Concat(Keys.Select(k => $"{k, 14}")) + $"{"lr", 12}{"seconds", 9}"
        );
        foreach (var e in epochs)
            text.AppendLine(
                $"{e.Epoch, 5} "
                    + string.Concat(Keys.Select(k => $"{e.Values[k], 14:0.000000}"))
                    + $"{e.LearningRate, 12:g4}{e.Seconds, 9:0.00}"
            );
        return text.ToString();
    }

    /// <inheritdoc/>
    public string ToHtml()
    {
        var html = new StringBuilder("<table class=\"lstmlab-history\"><thead><tr><th>epoch</th>");
        foreach (var k in Keys)
            html.Append("<th>").Append(WebUtility.HtmlEncode(k)).Append("</th>");
        html.Append("<th>lr</th><th>seconds</th></tr></thead><tbody>");
        foreach (var e in epochs)
        {
            html.Append("<tr><td>").Append(e.Epoch).Append("</td>");
            foreach (var k in Keys)
                html.Append("<td>")
                    .Append(e.Values[k].ToString("0.0000", CultureInfo.InvariantCulture))
                    .Append("</td>");
            html.Append("<td>")
                .Append(e.LearningRate.ToString("g4", CultureInfo.InvariantCulture))
                .Append("</td>");
            html.Append("<td>")
                .Append(e.Seconds.ToString("0.00", CultureInfo.InvariantCulture))
                .Append("</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }
}
