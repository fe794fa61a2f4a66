using System.Linq.Expressions;
using System.Reflection;
using LstmLab.Charts;
using LstmLab.Display;

namespace LstmLab.Tests.Charts;

[Collection(PlotlyJsCollection.Name)]
public class FormattingTests
{
    [Fact]
    public void Table_is_formatted_by_its_own_html()
    {
        var table = new HtmlTable(
            ["a"],
            [
                ["x"],
            ]
        );

        Assert.True(Formatting.TryFormatHtml(table, out string html));
        Assert.Equal(table.ToHtml(), html);
    }

    [Fact]
    public void Figure_is_formatted_as_its_plotly_fragment()
    {
        var figure = Chart.Bar(["a"], ("n", [1.0]));

        Assert.True(Formatting.TryFormatHtml(figure, out string html));
        Assert.Contains("Plotly.newPlot", html);
        Assert.Contains(figure.ToJson(), html);
    }

    [Fact]
    public void Values_without_a_formatter_source_are_not_formatted()
    {
        Assert.False(Formatting.TryFormatHtml("plain text", out string html));
        Assert.Equal("", html);
        Assert.False(Formatting.TryFormatHtml(new object(), out _));
    }

    [Fact]
    public void Any_attribute_named_TypeFormatterSourceAttribute_is_honoured()
    {
        Assert.True(Formatting.TryFormatHtml(new Conventional(), out string html));
        Assert.Equal("<i>from the convention</i>", html);
    }

    [Fact]
    public void A_formatter_that_declines_leaves_the_value_unformatted()
    {
        Assert.False(Formatting.TryFormatHtml(new Declined(), out _));
    }

    [Fact]
    public void The_most_specific_formatter_wins()
    {
        Assert.True(Formatting.TryFormatHtml(new Specific(), out string html));
        Assert.Equal("specific", html);
    }

    // The kernel compiles Format into Func<object, TextWriter, bool> with expression trees
    // (dotnet/interactive Formatter.cs, TryRegisterFromConventionBasedFormatterSources); do the same.
    [Fact]
    public void Our_formatter_has_the_shape_the_kernel_compiles()
    {
        object source = Activator.CreateInstance(typeof(HtmlFormatterSource))!;
        var formatters = (System.Collections.IEnumerable)
            typeof(HtmlFormatterSource).GetMethod("CreateTypeFormatters")!.Invoke(source, null)!;
        object formatter = Assert.Single(formatters.Cast<object>());
        Assert.Equal("text/html", formatter.GetType().GetProperty("MimeType")!.GetValue(formatter));
        Assert.Equal(
            typeof(IHtmlRenderable),
            formatter.GetType().GetProperty("Type")!.GetValue(formatter)
        );

        MethodInfo format = formatter.GetType().GetMethod("Format")!;
        var value = Expression.Parameter(typeof(object));
        var writer = Expression.Parameter(typeof(TextWriter));
        var call = Expression.Call(Expression.Constant(formatter), format, value, writer);
        var compiled = Expression
            .Lambda<Func<object, TextWriter, bool>>(call, value, writer)
            .Compile();

        var output = new StringWriter();
        Assert.True(compiled(new HtmlTable(["h"], []), output));
        Assert.Contains("<th", output.ToString());
        Assert.False(compiled("not renderable", new StringWriter()));
    }

    [Fact]
    public void Every_html_renderable_type_in_the_library_names_its_formatter_source()
    {
        var renderable = typeof(IHtmlRenderable)
            .Assembly.GetTypes()
            .Where(t =>
                typeof(IHtmlRenderable).IsAssignableFrom(t)
                && t is { IsInterface: false, IsAbstract: false }
            )
            .ToArray();
        Assert.Contains(typeof(Figure), renderable);
        Assert.Contains(typeof(HtmlTable), renderable);
        foreach (var type in renderable)
        {
            var attribute = type.GetCustomAttributes(inherit: true)
                .SingleOrDefault(a => a.GetType().Name == "TypeFormatterSourceAttribute");
            Assert.True(
                attribute is TypeFormatterSourceAttribute { FormatterSourceType: var s }
                    && s == typeof(HtmlFormatterSource),
                $"{type} lacks [TypeFormatterSource(typeof(HtmlFormatterSource))]"
            );
        }
    }

    [Convention.TypeFormatterSource(typeof(ConventionSource))]
    private sealed class Conventional;

    [Convention.TypeFormatterSource(typeof(DecliningSource))]
    private sealed class Declined;

    [Convention.TypeFormatterSource(typeof(LayeredSource))]
    private sealed class Specific;

    private sealed class ConventionSource
    {
        public IEnumerable<object> CreateTypeFormatters() =>
            [
                new TextFormatter("text/plain", "wrong mime type"),
                new TextFormatter("text/html", "<i>from the convention</i>"),
            ];
    }

    private sealed class DecliningSource
    {
        public IEnumerable<object> CreateTypeFormatters() => [new TextFormatter("text/html", null)];
    }

    private sealed class LayeredSource
    {
        public IEnumerable<object> CreateTypeFormatters() =>
            [
                new TextFormatter("text/html", "general", typeof(object)),
                new TextFormatter("text/html", "specific", typeof(Specific)),
            ];
    }

    private sealed class TextFormatter(string mimeType, string? text, Type? type = null)
    {
        public string MimeType => mimeType;

        public Type Type => type ?? typeof(object);

        public bool Format(object value, TextWriter writer)
        {
            if (text is null)
                return false;
            writer.Write(text);
            return true;
        }
    }

    // Another attribute with the kernel's class name, as a library that cannot see ours would declare it.
    private static class Convention
    {
        [AttributeUsage(AttributeTargets.Class)]
        internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
        {
            public Type FormatterSourceType { get; } = formatterSourceType;
        }
    }
}
