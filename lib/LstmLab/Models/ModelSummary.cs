using System.Net;
using System.Text;
using LstmLab.Display;
using LstmLab.Layers;

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
/// Counts follow PyTorch's layout: an LSTM or SimpleRNN has two bias vectors (bias_ih and bias_hh) where Keras has one
/// (a GRU has two in both, a Bidirectional twice its layer's), so <see cref="KerasParameters"/> gives Keras's total for comparison.
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
        TotalParameters != KerasParameters
            ? $"PyTorch layout: each LSTM or SimpleRNN has two bias vectors (bias_ih, bias_hh) where Keras has one; Keras counts {KerasParameters:N0}."
        // equal counts with a recurrent layer mean Grus only: an Lstm or SimpleRnn would lower Keras's count
        : Layers.Any(l => l.Type is nameof(Gru) or nameof(Bidirectional))
            ? "Same count as Keras: a GRU (reset_after=True) has two bias vectors in both layouts."
        : "Same count as Keras (no recurrent layers).";

    /// <inheritdoc/>
    public override string ToString()
    {
        var names = Layers.Select(l => $"{l.Name} ({l.Type})").ToList();
        // Keras's column widths, widened to keep two spaces after the longest name or shape
        int nameWidth = ColumnWidth(28, names);
        int shapeWidth = ColumnWidth(18, Layers.Select(l => l.OutputShape));
        var rule = new string('=', nameWidth + shapeWidth + 12);
        var text = new StringBuilder();
        text.AppendLine(
            $"{"Layer (type)".PadRight(nameWidth)}{"Output Shape".PadRight(shapeWidth)}{"Param #", 12}"
        );
        text.AppendLine(rule);
        for (int i = 0; i < Layers.Count; i++)
            text.AppendLine(
                $"{names[i].PadRight(nameWidth)}{Layers[i].OutputShape.PadRight(shapeWidth)}{Layers[i].Parameters, 12:N0}"
            );
        text.AppendLine(rule);
        text.AppendLine($"Total params: {TotalParameters:N0}");
        text.AppendLine(BiasNote);
        return text.ToString();
    }

    private static int ColumnWidth(int kerasWidth, IEnumerable<string> entries) =>
        entries.Select(e => e.Length + 2).Append(kerasWidth).Max();

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
