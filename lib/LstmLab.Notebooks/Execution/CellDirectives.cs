using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Packages;

namespace LstmLab.Notebooks.Execution;

/// <summary>
/// A C# cell's lines that are for the kernel rather than the compiler: <c>#r "path.dll"</c>
/// (resolved against the notebook's folder, the kernel's working directory in VS Code),
/// <c>#r "nuget: Name, Version"</c> and <c>#i "nuget: SOURCE"</c> (packages restored by
/// <see cref="NotebookPackages"/> before the cell runs) and <c>#!</c> magic commands (skipped with a warning). They are blanked in the code given to Roslyn, so the
/// compiler's line numbers are still the cell's.
/// </summary>
/// <param name="Code">The cell's code with those lines blanked.</param>
/// <param name="References">Full paths of the assemblies the cell's <c>#r</c> lines name.</param>
/// <param name="Warnings">One message per skipped line.</param>
/// <param name="Error">Why the cell cannot run at all (a malformed NuGet reference), or null.</param>
/// <param name="Packages">The packages of the cell's <c>#r "nuget: …"</c> lines.</param>
/// <param name="PackageSources">The package sources of the cell's <c>#i "nuget: …"</c> lines (folders made absolute).</param>
internal sealed record CellDirectives(
    string Code,
    IReadOnlyList<string> References,
    IReadOnlyList<string> Warnings,
    string? Error,
    IReadOnlyList<PackageReference> Packages,
    IReadOnlyList<string> PackageSources
)
{
    /// <summary>
    /// Reads the directives of <paramref name="cell"/>; throws <see cref="NotebookException"/> when
    /// an <c>#r</c> names a file that does not exist.
    /// </summary>
    public static CellDirectives Read(Notebook notebook, NotebookCell cell)
    {
        string[] lines = cell.Source.Split('\n');
        var references = new List<string>();
        var warnings = new List<string>();
        var packages = new List<PackageReference>();
        var sources = new List<string>();
        string? error = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            string where =
                $"cell {cell.Number}, line {i + 1} ({notebook.Where(cell.FileLine(i + 1))})";
            if (line.StartsWith("#!"))
                warnings.Add(
                    $"{where}: lstmlab does not run the magic command '{line}'; it was skipped (the .NET Interactive kernel runs it)."
                );
            else if (Argument(line, "#i") is { } source)
            {
                if (NuGetTarget(source) is { } feed)
                    sources.Add(
                        Uri.TryCreate(feed, UriKind.Absolute, out var uri) && !uri.IsFile
                            ? feed
                            : Path.GetFullPath(Path.Combine(notebook.Folder, feed))
                    );
                else
                    warnings.Add(
                        $"{where}: '{line}' is not a package source (#i \"nuget: SOURCE\"); it was skipped."
                    );
            }
            else if (Argument(line, "#r") is { } target)
            {
                if (NuGetTarget(target) is { } package)
                {
                    if (PackageReference.Parse(package, where) is { } reference)
                        packages.Add(reference);
                    else
                        error ??=
                            $"{where}: '{line}' is not a package reference: write #r \"nuget: Name, Version\".";
                }
                else
                    references.Add(Resolve(notebook, target, where));
            }
            else
                continue;
            lines[i] = "";
        }
        return new CellDirectives(
            string.Join('\n', lines),
            references,
            warnings,
            error,
            packages,
            sources
        );
    }

    // "nuget: x" → x; null for anything else.
    private static string? NuGetTarget(string target) =>
        target.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase) ? target[6..].Trim() : null;

    // `#r "x"` → x; null when the line is not that directive.
    internal static string? Argument(string line, string directive)
    {
        if (
            !line.StartsWith(directive)
            || line.Length == directive.Length
            || !char.IsWhiteSpace(line[directive.Length])
        )
            return null;
        string rest = line[directive.Length..].Trim();
        int comment = rest.IndexOf("//", rest.LastIndexOf('"') + 1, StringComparison.Ordinal);
        if (comment >= 0)
            rest = rest[..comment].TrimEnd();
        return rest.Length >= 2 && rest[0] == '"' && rest[^1] == '"' ? rest[1..^1] : rest;
    }

    private static string Resolve(Notebook notebook, string target, string where)
    {
        string full = Path.GetFullPath(Path.Combine(notebook.Folder, target));
        if (File.Exists(full))
            return full;
        string hint =
            Path.GetFileName(full) == "LstmLab.dll"
                ? " Build the library once with: dotnet build -c Release lib/LstmLab"
                : "";
        throw new NotebookException(
            $"{where}: #r \"{target}\" names {full}, which does not exist (paths are relative to the notebook's folder).{hint}"
        );
    }
}
