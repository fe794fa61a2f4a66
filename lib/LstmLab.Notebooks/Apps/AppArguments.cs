using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Parameters;

namespace LstmLab.Notebooks.Apps;

/// <summary>
/// The command line of an exported app, with <c>lstmlab run</c>'s meanings:
/// <c>[--quick] [--set name=value]... [--html OUT.html] [--ipynb OUT.ipynb]</c>.
/// </summary>
/// <param name="Quick">Use each parameter's quick value.</param>
/// <param name="Set">Parameter values by name, as typed.</param>
/// <param name="HtmlPath">Where the report goes, or null for none.</param>
/// <param name="IpynbPath">Where the executed notebook goes, or null for none.</param>
internal sealed record AppArguments(
    bool Quick,
    IReadOnlyDictionary<string, string> Set,
    string? HtmlPath,
    string? IpynbPath
)
{
    /// <summary>Reads <paramref name="args"/>; throws <see cref="NotebookException"/> naming what is wrong.</summary>
    public static AppArguments Parse(IReadOnlyList<string> args)
    {
        bool quick = false;
        var set = new List<string>();
        string? html = null,
            ipynb = null;
        for (int i = 0; i < args.Count; i++)
        {
            string Value() =>
                i + 1 < args.Count
                    ? args[++i]
                    : throw new NotebookException($"{args[i]} needs a value after it.");
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--set":
                    set.Add(Value());
                    break;
                case "--html":
                    html = Path.GetFullPath(Value());
                    break;
                case "--ipynb":
                    ipynb = Path.GetFullPath(Value());
                    break;
                default:
                    throw new NotebookException(
                        $"Unknown argument '{args[i]}'. Usage: [--quick] [--set name=value]... [--html OUT.html] [--ipynb OUT.ipynb]"
                    );
            }
        }
        if (html is not null && html == ipynb)
            throw new NotebookException($"--html and --ipynb name the same file, {html}.");
        return new AppArguments(quick, ParameterBinding.ParseAssignments(set), html, ipynb);
    }
}
