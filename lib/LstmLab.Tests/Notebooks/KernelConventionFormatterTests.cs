using System.Reflection;
using LstmLab.Display;
using LstmLab.Notebooks.Formatting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LstmLab.Tests.Notebooks;

public class KernelConventionFormatterTests
{
    private readonly KernelConventionFormatter formatter = new();

    private sealed class Chart : IHtmlRenderable
    {
        public string ToHtml() => "<div>chart</div>";

        public override string ToString() => "Chart";
    }

    private sealed class Broken : IHtmlRenderable
    {
        public string ToHtml() => throw new InvalidOperationException("no data");

        public override string ToString() => "Broken";
    }

    [Fact]
    public void Html_renderables_show_as_html_with_their_text()
    {
        var value = formatter.Format(new Chart());

        Assert.Contains("<div>chart</div>", value.Html);
        Assert.Equal("Chart", value.PlainText);
    }

    [Fact]
    public void Strings_numbers_and_null_show_as_text()
    {
        Assert.Equal(FormattedValue.Text("<b>"), formatter.Format("<b>"));
        Assert.Equal("42", formatter.Format(42).PlainText);
        Assert.Equal(FormattedValue.Text("<null>"), formatter.Format(null));
    }

    [Fact]
    public void Collections_show_their_first_items()
    {
        Assert.Equal("[ 1, 2, 3 ]", formatter.Format(new[] { 1, 2, 3 }).PlainText);
        Assert.Equal(
            "[ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, ... ]",
            formatter.Format(Enumerable.Range(0, 100).ToList()).PlainText
        );
    }

    [Fact]
    public void A_throwing_formatter_becomes_text_that_says_so()
    {
        var value = formatter.Format(new Broken());

        Assert.Contains("no data", value.Html + value.PlainText);
        Assert.StartsWith("Broken", value.PlainText);
    }

    // A stand-in for the library's LstmLab.Display.Formatting, compiled apart so that it cannot clash
    // with the real one: the formatter must find it by name in the value's own assembly.
    [Fact]
    public void Uses_the_formatting_convention_of_the_values_assembly()
    {
        var assembly = Compile(
            """
            namespace LstmLab.Display
            {
                public static class Formatting
                {
                    public static bool TryFormatHtml(object value, out string html)
                    {
                        html = value is Sample ? "<svg>sample</svg>" : null;
                        return html != null;
                    }
                }
                public sealed class Sample { public override string ToString() => "Sample"; }
            }
            """
        );

        var value = Activator.CreateInstance(assembly.GetType("LstmLab.Display.Sample")!);

        Assert.Equal(new FormattedValue("<svg>sample</svg>", "Sample"), formatter.Format(value));
    }

    private static Assembly Compile(string source)
    {
        var compilation = CSharpCompilation.Create(
            "FormattingConvention" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source)],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        );
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return Assembly.Load(stream.ToArray());
    }
}
