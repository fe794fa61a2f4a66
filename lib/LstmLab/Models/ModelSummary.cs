using System.Net;
using System.Text;
using LstmLab.Display;

namespace LstmLab.Models;

/// <summary>One row of a model summary.</summary>
public sealed record LayerSummary(
    string Name,
    string Type,
    string OutputShape,
    int Parameters,
    string Arguments
);

/// <summary>
/// The layers of a model with their output shapes and parameter counts, as Keras's <c>model.summary()</c>.
/// Counts follow PyTorch's layout: recurrent layers have two bias vectors (bias_ih and bias_hh) where Keras has one,
/// so <see cref="KerasParameters"/> gives Keras's total for comparison.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed record ModelSummary(
    IReadOnlyList<LayerSummary> Layers,
    int TotalParameters,
    int KerasParameters
) : IHtmlRenderable
{
    /// <summary>The note under the table about PyTorch's and Keras's bias counts.</summary>
    public string BiasNote =>
        TotalParameters == KerasParameters
            ? "Same count as Keras (no recurrent layers)."
            : $"PyTorch layout: each recurrent layer has two bias vectors (bias_ih, bias_hh); Keras has one, and counts {KerasParameters:N0}.";

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"{"Layer (type)", -28}{"Output Shape", -18}{"Param #", 12}");
        text.AppendLine(new string('=', 58));
        foreach (var l in Layers)
            text.AppendLine(
                $"{$"{l.Name} ({l.Type})", -28}{l.OutputShape, -18}{l.Parameters, 12:N0}"
            );
        text.AppendLine(new string('=', 58));
        text.AppendLine($"Total params: {TotalParameters:N0}");
        text.AppendLine(BiasNote);
        return text.ToString();
    }

    /// <inheritdoc/>
    public string ToHtml()
    {
        var html = new StringBuilder(
            "<table class=\"lstmlab-summary\"><thead><tr><th>Layer (type)</th><th>Output shape</th><th>Param #</th><th>Arguments</th></tr></thead><tbody>"
        );
        foreach (var l in Layers)
            html.Append(
                $"<tr><td>{WebUtility.HtmlEncode(l.Name)} ({l.Type})</td><td>{l.OutputShape}</td><td>{l.Parameters:N0}</td><td>{WebUtility.HtmlEncode(l.Arguments)}</td></tr>"
            );
        html.Append(
            $"</tbody><tfoot><tr><td colspan=\"4\">Total params: {TotalParameters:N0}. {WebUtility.HtmlEncode(BiasNote)}</td></tr></tfoot></table>"
        );
        return html.ToString();
    }
}
