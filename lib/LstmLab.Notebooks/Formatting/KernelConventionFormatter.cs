using System.Reflection;

namespace LstmLab.Notebooks.Formatting;

/// <summary>
/// Formats values the way the .NET Interactive kernel formats LSTM Lab's objects, without a package
/// reference to the kernel: first <c>LstmLab.Display.Formatting.TryFormatHtml(object, out string)</c>
/// (the library's implementation of the kernel's <c>TypeFormatterSourceAttribute</c> convention),
/// else <c>IHtmlRenderable.ToHtml()</c>, else <c>ToString()</c> as plain text. A chart also keeps its
/// plotly.js JSON (<see cref="FormattedValue.ChartJson"/>), from which its static picture is drawn.
/// </summary>
/// <remarks>
/// Both are found by name, looking first in the value's own assembly: the value may come from a copy
/// of LstmLab.dll that a notebook's <c>#r</c> loaded, and that copy's formatter knows its types.
/// </remarks>
public sealed class KernelConventionFormatter : IOutputFormatter
{
    private const string FormattingType = "LstmLab.Display.Formatting";
    private const string RenderableInterface = "LstmLab.Display.IHtmlRenderable";

    /// <inheritdoc/>
    public FormattedValue Format(object? value)
    {
        if (value is null)
            return FormattedValue.Text("<null>");
        if (value is string text)
            return FormattedValue.Text(text);
        string plain;
        try
        {
            plain = PlainText(value);
        }
        catch (Exception e)
        {
            plain = $"{value.GetType().FullName} (ToString threw {e.GetType().Name}: {e.Message})";
        }
        try
        {
            string? html = TryFormatterHtml(value) ?? TryRenderableHtml(value);
            return new FormattedValue(html, plain)
            {
                ChartJson = value is LstmLab.Charts.Figure figure ? figure.ToJson() : null,
            };
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            var inner = e.InnerException;
            return FormattedValue.Text(
                $"{plain}\n(formatting as HTML threw {inner.GetType().Name}: {inner.Message})"
            );
        }
    }

    // A collection whose ToString is only its type name shows its first items, as the kernel's
    // plain-text formatter does: "[ 1, 2, 3 ]".
    private static string PlainText(object value)
    {
        string text = value.ToString() ?? value.GetType().FullName!;
        if (value is not System.Collections.IEnumerable items || text != value.GetType().ToString())
            return text;
        const int shown = 20;
        var first = items
            .Cast<object?>()
            .Take(shown + 1)
            .Select(i => i?.ToString() ?? "<null>")
            .ToList();
        string more = first.Count > shown ? ", ..." : "";
        return $"[ {string.Join(", ", first.Take(shown))}{more} ]";
    }

    private static string? TryFormatterHtml(object value)
    {
        var method = FindFormatter(value.GetType().Assembly);
        if (method is null)
            return null;
        object?[] args = [value, null];
        return method.Invoke(null, args) is true ? args[1] as string : null;
    }

    private static MethodInfo? FindFormatter(Assembly preferred)
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies().Prepend(preferred))
        {
            var method = assembly
                .GetType(FormattingType, throwOnError: false)
                ?.GetMethod(
                    "TryFormatHtml",
                    BindingFlags.Public | BindingFlags.Static,
                    [typeof(object), typeof(string).MakeByRefType()]
                );
            if (method is not null && method.ReturnType == typeof(bool))
                return method;
        }
        return null;
    }

    private static string? TryRenderableHtml(object value)
    {
        var contract = value.GetType().GetInterface(RenderableInterface);
        return contract?.GetMethod("ToHtml")?.Invoke(value, null) as string;
    }
}
