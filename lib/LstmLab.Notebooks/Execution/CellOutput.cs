using System.Text.Json.Serialization;
using LstmLab.Notebooks.Formatting;

namespace LstmLab.Notebooks.Execution;

/// <summary>One output of a cell, in the order the cell produced them.</summary>
/// <remarks>Serializable as JSON (with a "type" field): the notebook worker sends outputs to <c>lstmlab run</c> as they happen.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(StreamOutput), "stream")]
[JsonDerivedType(typeof(DisplayOutput), "display")]
[JsonDerivedType(typeof(WarningOutput), "warning")]
[JsonDerivedType(typeof(ErrorOutput), "error")]
public abstract record CellOutput;

/// <summary>Text the cell wrote to Console.Out ("stdout") or Console.Error ("stderr").</summary>
/// <param name="Name">"stdout" or "stderr", Jupyter's stream names.</param>
/// <param name="Text">The text, each line rewritten with '\r' kept only in its last state.</param>
public sealed record StreamOutput(string Name, string Text) : CellOutput;

/// <summary>A value the cell passed to <c>display(x)</c>, or its trailing expression's value.</summary>
/// <param name="Value">The value as formatted when it was displayed.</param>
/// <param name="IsResult">True for the trailing expression (Jupyter's execute_result).</param>
public sealed record DisplayOutput(FormattedValue Value, bool IsResult) : CellOutput;

/// <summary>Something in the cell the runner skipped, e.g. a magic command it does not run.</summary>
/// <param name="Message">What was skipped, with its line, and why.</param>
public sealed record WarningOutput(string Message) : CellOutput;

/// <summary>Why the cell failed: an exception, a compilation error or a timeout.</summary>
/// <param name="TypeName">The exception type, e.g. "System.InvalidOperationException", or "CompilationError".</param>
/// <param name="Message">The exception's message or the compiler's errors.</param>
/// <param name="Location">"cell 3, line 2 (lstm.dib line 41)" where known, else null.</param>
/// <param name="Trace">The stack trace lines that lead into the cell's code.</param>
public sealed record ErrorOutput(
    string TypeName,
    string Message,
    string? Location,
    IReadOnlyList<string> Trace
) : CellOutput
{
    /// <summary>"System.Exception: message" as the first line of a traceback.</summary>
    [JsonIgnore]
    public string Headline => $"{TypeName}: {Message}";
}
