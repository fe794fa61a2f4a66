using System.Collections;
using System.Reflection;

namespace LstmLab.Display;

/// <summary>
/// Formats a value as HTML the way the .NET Interactive kernel does for convention-based
/// formatter sources (see <see cref="TypeFormatterSourceAttribute"/>), so a notebook shows the same
/// output in VS Code and in the <c>lstmlab</c> runner's report.
/// </summary>
public static class Formatting
{
    private const string AttributeName = "TypeFormatterSourceAttribute";

    /// <summary>
    /// Finds the attributes named <c>TypeFormatterSourceAttribute</c> on <paramref name="value"/>'s
    /// type, instantiates each <c>FormatterSourceType</c>, calls its <c>CreateTypeFormatters()</c>
    /// and lets the most specific text/html formatter write the value. Returns false, with
    /// <paramref name="html"/> empty, when the type has no such formatter or every formatter
    /// declined the value. Exceptions thrown while rendering are not caught.
    /// </summary>
    public static bool TryFormatHtml(object value, out string html)
    {
        ArgumentNullException.ThrowIfNull(value);
        Type valueType = value.GetType();
        foreach (object formatter in HtmlFormatters(valueType))
        {
            var writer = new StringWriter();
            var format = formatter.GetType().GetMethod("Format")!;
            if (format.Invoke(formatter, [value, writer]) is true)
            {
                html = writer.ToString();
                return true;
            }
        }
        html = "";
        return false;
    }

    // The kernel's order: the formatter whose Type is most specific for the value comes first.
    private static IEnumerable<object> HtmlFormatters(Type valueType)
    {
        var candidates = new List<(object Formatter, Type Handles)>();
        foreach (object source in FormatterSources(valueType))
        {
            var create = source.GetType().GetMethod("CreateTypeFormatters");
            if (create?.Invoke(source, null) is not IEnumerable formatters)
                continue;
            foreach (object formatter in formatters)
            {
                if (Property<string>(formatter, "MimeType") != HtmlRenderableFormatter.HtmlMimeType)
                    continue;
                if (formatter.GetType().GetMethod("Format") is null)
                    continue;
                Type handles = Property<Type>(formatter, "Type") ?? valueType;
                if (handles.IsAssignableFrom(valueType))
                    candidates.Add((formatter, handles));
            }
        }
        return candidates
            .OrderBy(c =>
                candidates.Count(other =>
                    other.Handles != c.Handles && c.Handles.IsAssignableFrom(other.Handles)
                )
            )
            .Select(c => c.Formatter);
    }

    private static IEnumerable<object> FormatterSources(Type valueType)
    {
        foreach (object attribute in valueType.GetCustomAttributes(inherit: true))
        {
            if (attribute.GetType().Name != AttributeName)
                continue;
            if (Property<Type>(attribute, "FormatterSourceType") is { } sourceType)
                yield return Activator.CreateInstance(sourceType)
                    ?? throw new InvalidOperationException(
                        $"{valueType}: could not create its formatter source {sourceType}."
                    );
        }
    }

    private static T? Property<T>(object owner, string name)
        where T : class =>
        owner
            .GetType()
            .GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
            ?.GetValue(owner) as T;
}
