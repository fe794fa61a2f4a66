using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace LstmLab.Notebooks.Parameters;

/// <summary>The C# types a parameters cell may declare: what <c>--set</c> and quick values are checked against.</summary>
public enum ParameterType
{
    Int,
    Double,
    Float,
    Bool,
    String,
}

/// <summary>Turns the text a student typed into a C# literal of the parameter's type.</summary>
public static class ParameterTypes
{
    /// <summary>The C# keyword of the type: "int", "double", "float", "bool", "string".</summary>
    public static string Keyword(this ParameterType type) => type.ToString().ToLowerInvariant();

    /// <summary>"an int", "a double": the type as a message names it.</summary>
    public static string WithArticle(this ParameterType type) =>
        type == ParameterType.Int ? "an int" : $"a {type.Keyword()}";

    /// <summary>
    /// The C# literal for <paramref name="text"/> read as <paramref name="type"/> (invariant culture:
    /// "0.5", never "0,5"), or null when the text is not a value of that type.
    /// </summary>
    public static string? ToLiteral(this ParameterType type, string text)
    {
        var invariant = CultureInfo.InvariantCulture;
        string trimmed = text.Trim();
        switch (type)
        {
            case ParameterType.Int:
                return int.TryParse(trimmed, NumberStyles.AllowLeadingSign, invariant, out int i)
                    ? i.ToString(invariant)
                    : null;
            case ParameterType.Double:
                return
                    double.TryParse(trimmed, NumberStyles.Float, invariant, out double d)
                    && double.IsFinite(d)
                    ? WithPoint(d.ToString("R", invariant))
                    : null;
            case ParameterType.Float:
                return
                    float.TryParse(
                        trimmed.TrimEnd('f', 'F'),
                        NumberStyles.Float,
                        invariant,
                        out float f
                    ) && float.IsFinite(f)
                    ? WithPoint(f.ToString("R", invariant)) + "f"
                    : null;
            case ParameterType.Bool:
                return bool.TryParse(trimmed, out bool b) ? (b ? "true" : "false") : null;
            default:
                return SymbolDisplay.FormatLiteral(text, quote: true);
        }
    }

    // "1" assigned to `var rate` would make it an int; "1.0" keeps it a double.
    private static string WithPoint(string number) =>
        number.Contains('.') || number.Contains('E') ? number : number + ".0";
}
