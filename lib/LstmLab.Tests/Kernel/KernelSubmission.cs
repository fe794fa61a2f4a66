namespace LstmLab.Tests.Kernel;

/// <summary>
/// A value the kernel showed for a cell: a <c>DisplayedValueProduced</c> (from <c>display(x)</c>) or a
/// <c>ReturnValueProduced</c> (the trailing expression), with every MIME type it was formatted as.
/// </summary>
/// <param name="IsResult">True for the trailing expression's value.</param>
/// <param name="ValueId">The kernel's id for a displayed value (later updates name it); null for a result.</param>
/// <param name="Values">MIME type → formatted text, e.g. "text/html" → "&lt;table…".</param>
internal sealed record KernelDisplay(
    bool IsResult,
    string? ValueId,
    IReadOnlyDictionary<string, string> Values
)
{
    /// <summary>The text/html form, or null when the kernel sent none.</summary>
    public string? Html => Values.GetValueOrDefault("text/html");
}

/// <summary>What the kernel reported for one <c>SubmitCode</c> (one notebook cell).</summary>
/// <param name="Succeeded">True for <c>CommandSucceeded</c>, false for <c>CommandFailed</c>.</param>
/// <param name="Error">The <c>CommandFailed</c> message, else null.</param>
/// <param name="Displays">The values shown, in order, each in its last updated state.</param>
/// <param name="StandardOutput">Everything the cell wrote to stdout, concatenated.</param>
internal sealed record KernelSubmission(
    bool Succeeded,
    string? Error,
    IReadOnlyList<KernelDisplay> Displays,
    string StandardOutput
);
