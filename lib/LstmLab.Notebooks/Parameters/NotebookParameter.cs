namespace LstmLab.Notebooks.Parameters;

/// <summary>
/// One assignment of a parameters cell, e.g. <c>var epochs = 20; // quick: 2</c>.
/// </summary>
/// <param name="Name">The variable name (what <c>--set name=value</c> uses).</param>
/// <param name="Type">Its type: declared, or inferred from the literal of a <c>var</c>.</param>
/// <param name="Default">The initializer as written in the notebook.</param>
/// <param name="Quick">The C# literal of the <c>// quick:</c> value, if any (used by <c>--quick</c>).</param>
/// <param name="FileLine">The .dib line of the declaration.</param>
public sealed record NotebookParameter(
    string Name,
    ParameterType Type,
    string Default,
    string? Quick,
    int FileLine
)
{
    /// <summary>
    /// The only values allowed, as a <c>// one of: co2, airline</c> comment lists them (e.g. the
    /// names of the datasets a notebook can load); null when any value of the type is allowed.
    /// </summary>
    public IReadOnlyList<string>? Allowed { get; init; }
}

/// <summary>Where a parameter's effective value came from.</summary>
public enum ParameterOrigin
{
    Default,
    Quick,
    Set,
}

/// <summary>The value a parameter has in one run: the C# literal assigned, and where it came from.</summary>
public sealed record ParameterValue(
    NotebookParameter Parameter,
    string Literal,
    ParameterOrigin Origin
)
{
    /// <summary>How the origin reads in the report: "default", "quick", "--set".</summary>
    public string OriginText =>
        Origin switch
        {
            ParameterOrigin.Quick => "quick",
            ParameterOrigin.Set => "--set",
            _ => "default",
        };
}
