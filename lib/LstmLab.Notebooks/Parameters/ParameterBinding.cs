using LstmLab.Notebooks.Documents;

namespace LstmLab.Notebooks.Parameters;

/// <summary>Applies <c>--set name=value</c> and <c>--quick</c> to a notebook's parameters cell.</summary>
public static class ParameterBinding
{
    /// <summary>
    /// Reads <c>name=value</c> pairs as given to <c>--set</c>; throws <see cref="NotebookException"/>
    /// for a pair without '=' or a name given twice.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ParseAssignments(
        IEnumerable<string> assignments
    )
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var assignment in assignments)
        {
            int equals = assignment.IndexOf('=');
            if (equals < 0)
                throw new NotebookException(
                    $"--set {assignment}: expected name=value (e.g. --set {(assignment.Trim().Length > 0 ? assignment.Trim() : "epochs")}=3), found no '='."
                );
            if (assignment[..equals].Trim().Length == 0)
                throw new NotebookException(
                    $"--set {assignment}: expected name=value (e.g. --set epochs=3), found no name before '='."
                );
            string name = assignment[..equals].Trim();
            if (!values.TryAdd(name, assignment[(equals + 1)..]))
                throw new NotebookException(
                    $"--set {assignment}: parameter '{name}' is set twice (first to '{values[name]}')."
                );
        }
        return values;
    }

    /// <summary>
    /// The notebook with its parameters cell's values replaced, and every parameter's effective value.
    /// Throws <see cref="NotebookException"/> for an unknown parameter, a mistyped value, or
    /// <c>--set</c> on a notebook without a parameters cell.
    /// </summary>
    public static (Notebook Notebook, IReadOnlyList<ParameterValue> Values) Apply(
        Notebook notebook,
        IReadOnlyDictionary<string, string> overrides,
        bool quick
    )
    {
        var cell = ParametersCell.Find(notebook);
        if (cell is null)
        {
            if (overrides.Count > 0)
                throw new NotebookException(
                    $"--set {string.Join(", ", overrides.Keys)}: {Path.GetFileName(notebook.Path)} has no parameters cell "
                        + "(a C# cell whose first line is '// parameters')."
                );
            return (notebook, []);
        }
        var values = cell.Resolve(overrides, quick);
        return (notebook.WithCellSource(cell.Cell.Number, cell.Apply(values)), values);
    }
}
