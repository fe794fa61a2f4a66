namespace LstmLab.Notebooks.Packages;

/// <summary>
/// A package a cell asks for with <c>#r "nuget: Name, Version"</c> (the version may be left out: the newest), as the
/// .NET Interactive kernel reads it.
/// </summary>
/// <param name="Name">The package id, e.g. Microsoft.ML.OnnxRuntime.</param>
/// <param name="Version">The version or version range, or null for the newest.</param>
/// <param name="Where">Where the directive is ("cell 3, line 1 (01-mnist-lstm.dib line 240)"), for errors.</param>
internal sealed record PackageReference(string Name, string? Version, string Where)
{
    /// <summary>The reference in <paramref name="target"/> ("nuget: Name, Version" without the prefix); null when it is malformed.</summary>
    public static PackageReference? Parse(string target, string where)
    {
        var parts = target.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2 || parts[0].Length == 0 || parts[0].Any(char.IsWhiteSpace))
            return null;
        return new PackageReference(
            parts[0],
            parts.Length == 2 && parts[1].Length > 0 ? parts[1] : null,
            where
        );
    }

    /// <inheritdoc/>
    public override string ToString() => Version is null ? Name : $"{Name} {Version}";
}
