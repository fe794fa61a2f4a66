namespace LstmLab.Notebooks.Documents;

/// <summary>
/// A kernel a notebook declares in its <c>#!meta</c> block: <c>{"name":"csharp","aliases":["c#"]}</c>.
/// A <c>#!name</c> line starts a cell only when <c>name</c> is one of these names or aliases.
/// </summary>
public sealed record KernelInfo(
    string Name,
    IReadOnlyList<string> Aliases,
    string? LanguageName = null
)
{
    /// <summary>The name the Polyglot C# kernel registers, with its aliases.</summary>
    public static KernelInfo CSharp { get; } = new("csharp", ["c#", "C#"], "C#");

    /// <summary>Not a kernel, but a cell splitter in every .dib file.</summary>
    public static KernelInfo Markdown { get; } = new("markdown", ["md"], "Markdown");
}
