using System.Net;
using System.Text;
using LstmLab.Layers;

namespace LstmLab.Models;

// How a notebook shows a model: its summary once it is built, its layers before.
public sealed partial class Sequential
{
    /// <summary>
    /// The model as a notebook shows it: the seed and what it was compiled with, then its summary
    /// (layers, output shapes, parameter counts), or only its layers while it is not built yet.
    /// Showing a model never builds it, so layers can still be added after.
    /// </summary>
    public string ToHtml()
    {
        var html = new StringBuilder("<div class=\"lstmlab-model\"><b>Sequential</b> <small>")
            .Append(WebUtility.HtmlEncode(Setup()))
            .Append("</small>");
        if (IsBuilt)
            html.Append(Summary().ToHtml());
        else
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(NotBuilt)).Append("</p>");
            html.Append(
                "<table class=\"lstmlab-summary\"><thead><tr><th>Layer (type)</th><th>Arguments</th></tr></thead><tbody>"
            );
            foreach (var layer in layers)
                html.Append(
                    $"<tr><td>{WebUtility.HtmlEncode(layer.Name)} ({layer.GetType().Name})</td><td>{WebUtility.HtmlEncode(layer.Describe())}</td></tr>"
                );
            html.Append("</tbody></table>");
        }
        return html.Append("</div>").ToString();
    }

    /// <summary>The same as <see cref="ToHtml"/>, as text: the summary's table once built.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("Sequential: ").AppendLine(Setup());
        if (IsBuilt)
            return text.Append(Summary()).ToString();
        text.AppendLine(NotBuilt);
        foreach (var layer in layers)
            text.AppendLine($"{layer.Name} ({layer.GetType().Name}) {layer.Describe()}".TrimEnd());
        return text.ToString();
    }

    private bool IsBuilt => layers.Count > 0 && layers[0].IsBuilt;

    private const string NotBuilt =
        "Not built yet: output shapes and parameter counts appear once it is (Compile with an Input layer first, Build or Fit).";

    // "seed 42, compiled with Adam (learning rate 0.002), loss sparse_categorical_crossentropy, metrics: accuracy".
    private string Setup()
    {
        string layerCount = $"{layers.Count(l => l is not Input)} layers";
        if (optimizer is null || loss is null)
            return $"seed {Seed}, {layerCount}, not compiled";
        string compiled =
            $"seed {Seed}, {layerCount}, compiled with {optimizer.GetType().Name} "
            + $"(learning rate {optimizer.LearningRate.ToString("g4", System.Globalization.CultureInfo.InvariantCulture)}), loss {loss.Name}";
        return metrics.Count == 0
            ? compiled
            : compiled + ", metrics: " + string.Join(", ", metrics.Select(m => m.Name));
    }
}
