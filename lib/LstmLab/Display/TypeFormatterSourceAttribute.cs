namespace LstmLab.Display;

/// <summary>
/// Tells a notebook kernel which class makes the formatters for the marked type.
/// </summary>
/// <remarks>
/// The .NET Interactive kernel (VS Code Polyglot Notebooks) finds this attribute by its class
/// name, so the library needs no reference to Microsoft.DotNet.Interactive. What the kernel
/// expects, read from dotnet/interactive
/// <c>src/Microsoft.DotNet.Interactive.Formatting/Formatter.cs</c>
/// (<c>TryRegisterFromFormatterSources</c> → <c>TryRegisterFromConventionBasedFormatterSources</c>),
/// <c>TypeFormatterSourceAttribute.cs</c> and <c>TypeExtensions.cs</c> (<c>IsRelevantFormatterFor</c>):
/// <list type="number">
/// <item>The first time a type is formatted, the kernel reads
/// <c>type.GetCustomAttributes(true)</c> and keeps those whose class is <em>named</em>
/// <c>TypeFormatterSourceAttribute</c> (any namespace). The attribute must therefore sit on the
/// concrete type (or a base class): attributes on interfaces are not inherited.</item>
/// <item>It reads the public property <c>FormatterSourceType</c>; if it holds a <see cref="System.Type"/>,
/// it calls <c>Activator.CreateInstance</c> on it (a public parameterless constructor) and then
/// the public method <c>CreateTypeFormatters()</c>, which must return an <c>IEnumerable</c>.</item>
/// <item>For each object in that sequence it reads the public string property <c>MimeType</c>,
/// the public method <c>Format</c> (one method of that name, called as
/// <c>Format(object value, TextWriter writer)</c> and compiled into a
/// <c>Func&lt;object, TextWriter, bool&gt;</c>, so it must return <see cref="bool"/>: true when it wrote
/// the value), and the optional public property <c>Type</c> (the types it formats; when missing,
/// the marked type). A formatter is used for a value when <c>Type.IsAssignableFrom(valueType)</c>
/// and its <c>MimeType</c> is the one asked for; the most specific <c>Type</c> wins.</item>
/// <item>If the attribute's public <c>string[] PreferredMimeTypes</c> property is set, those become
/// the type's preferred MIME types (the kernel's default is already text/html).</item>
/// </list>
/// <see cref="Formatting.TryFormatHtml"/> does the same steps, so the <c>lstmlab</c> runner shows
/// exactly what the kernel shows.
/// </remarks>
[AttributeUsage(
    AttributeTargets.Class | AttributeTargets.Struct,
    AllowMultiple = true,
    Inherited = true
)]
public sealed class TypeFormatterSourceAttribute : Attribute
{
    /// <summary>Names the class whose <c>CreateTypeFormatters()</c> makes the formatters.</summary>
    public TypeFormatterSourceAttribute(Type formatterSourceType)
    {
        FormatterSourceType = formatterSourceType;
    }

    /// <summary>The class the kernel instantiates to get the formatters.</summary>
    public Type FormatterSourceType { get; }

    /// <summary>The MIME types the kernel should try first for the marked type.</summary>
    public string[]? PreferredMimeTypes { get; set; }
}
