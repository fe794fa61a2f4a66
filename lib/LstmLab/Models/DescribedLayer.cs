using System.Globalization;

namespace LstmLab.Models;

/// <summary>
/// One layer as a model description records it, <c>TYPE(ARGUMENTS)</c>, parsed: each argument is <c>key=value</c>,
/// a bare flag (<c>return_sequences</c>) or a nested layer (<c>Bidirectional(Lstm(units=8), merge_mode=sum)</c>).
/// Each argument a layer's constructor asks for is marked as read, so <see cref="RefuseUnread"/> can refuse one it does not know.
/// </summary>
internal sealed class DescribedLayer
{
    private readonly Dictionary<string, string> arguments;
    private readonly List<DescribedLayer> layers;
    private readonly HashSet<string> asked = [];
    private readonly string where;
    private bool layersRead;

    private DescribedLayer(
        string type,
        Dictionary<string, string> arguments,
        List<DescribedLayer> layers,
        string where
    )
    {
        Type = type;
        this.arguments = arguments;
        this.layers = layers;
        this.where = where;
    }

    /// <summary>The layer's class name ("Lstm").</summary>
    public string Type { get; }

    /// <summary>Whether the layer records no arguments at all ("Input()").</summary>
    public bool IsEmpty => arguments.Count == 0 && layers.Count == 0;

    /// <summary>
    /// Parses <paramref name="text"/> ("Lstm(units=32, return_sequences)"); <paramref name="where"/> ("FILE: layer 'lstm=…'")
    /// opens every error message.
    /// </summary>
    public static DescribedLayer Parse(string text, string where)
    {
        int open = text.IndexOf('(');
        if (open <= 0 || !text.EndsWith(')') || !text[..open].All(char.IsAsciiLetterOrDigit))
            throw new InvalidDataException($"{where}: '{text}' is not a layer TYPE(ARGUMENTS).");
        var arguments = new Dictionary<string, string>();
        var layers = new List<DescribedLayer>();
        foreach (string part in SplitOutsideParentheses(text[(open + 1)..^1], text, where))
        {
            int equals = part.IndexOf('='),
                nested = part.IndexOf('(');
            if (nested >= 0 && (equals < 0 || nested < equals))
            {
                layers.Add(Parse(part, where));
                continue;
            }
            // A flag ("return_sequences") has the empty value.
            string key = equals < 0 ? part : part[..equals],
                value = equals < 0 ? "" : part[(equals + 1)..];
            if (!arguments.TryAdd(key, value))
                throw new InvalidDataException($"{where}: '{text}' gives {key} twice.");
        }
        return new DescribedLayer(text[..open], arguments, layers, where);
    }

    /// <summary>The whole number <paramref name="key"/>; required.</summary>
    public int Int(string key)
    {
        string value = Value(key) ?? throw Refuse($"has no {key}");
        return int.TryParse(
            value,
            NumberStyles.AllowLeadingSign,
            CultureInfo.InvariantCulture,
            out int n
        )
            ? n
            : throw Refuse($"{key}={value} is not a whole number");
    }

    /// <summary>The number <paramref name="key"/> (a rate), 0 when absent.</summary>
    public double Number(string key)
    {
        string? value = Value(key);
        return value is null ? 0
            : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
                ? x
            : throw Refuse($"{key}={value} is not a number");
    }

    /// <summary>Whether the flag <paramref name="key"/> is present (written bare: "return_sequences").</summary>
    public bool Flag(string key)
    {
        string? value = Value(key);
        return value is null ? false
            : value.Length == 0 ? true
            : throw Refuse($"{key} is a flag, written bare, but has the value {value}");
    }

    /// <summary>The enum member <paramref name="key"/> names (any letter case), <paramref name="absent"/> when absent.</summary>
    public T Choice<T>(string key, T absent)
        where T : struct, Enum
    {
        string? value = Value(key);
        if (value is null)
            return absent;
        return
            Enum.GetNames<T>()
                .FirstOrDefault(n => n.Equals(value, StringComparison.OrdinalIgnoreCase))
                is { } name
            ? Enum.Parse<T>(name)
            : throw Refuse($"{key}={value} is not one of {string.Join(", ", Enum.GetNames<T>())}");
    }

    /// <summary>A shape written "28x28" under <paramref name="key"/>; required.</summary>
    public int[] Shape(string key)
    {
        string value = Value(key) ?? throw Refuse($"has no {key}");
        return
        [
            .. value
                .Split('x')
                .Select(s =>
                    int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int n)
                        ? n
                        : throw Refuse($"{key}={value} is not a shape of whole numbers joined by x")
                ),
        ];
    }

    /// <summary>The one layer nested in this one ("Lstm(units=8)" in a Bidirectional's arguments).</summary>
    public DescribedLayer Layer()
    {
        layersRead = true;
        return layers.Count == 1
            ? layers[0]
            : throw Refuse($"wraps {layers.Count} layers, not one");
    }

    /// <summary>Refuses an argument or a nested layer that the constructor did not ask for.</summary>
    public void RefuseUnread()
    {
        if (arguments.Keys.FirstOrDefault(k => !asked.Contains(k)) is { } key)
            throw Refuse(
                $"{key}{(arguments[key].Length > 0 ? "=" + arguments[key] : "")} is not one of its arguments ({string.Join(", ", asked)})"
            );
        if (!layersRead && layers.Count > 0)
            throw Refuse($"wraps no layer, but '{layers[0].Type}(…)' is given");
    }

    /// <summary>An error naming the file, the layer entry, this layer's type and <paramref name="what"/> is wrong.</summary>
    public InvalidDataException Refuse(string what) => new($"{where}: {Type} {what}.");

    private string? Value(string key)
    {
        asked.Add(key);
        return arguments.GetValueOrDefault(key);
    }

    // "Lstm(units=3), merge_mode=sum" → ["Lstm(units=3)", "merge_mode=sum"]: commas inside a nested layer stay.
    private static List<string> SplitOutsideParentheses(string text, string layer, string where)
    {
        var parts = new List<string>();
        int depth = 0,
            start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            depth +=
                text[i] == '(' ? 1
                : text[i] == ')' ? -1
                : 0;
            if (depth < 0)
                break;
            if (depth == 0 && text.AsSpan(i).StartsWith(", "))
            {
                parts.Add(text[start..i]);
                start = i + 2;
            }
        }
        if (depth != 0)
            throw new InvalidDataException($"{where}: '{layer}' has unbalanced parentheses.");
        parts.Add(text[start..]);
        return [.. parts.Where(p => p.Length > 0)];
    }
}
