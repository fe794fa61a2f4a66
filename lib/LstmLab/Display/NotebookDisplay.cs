using System.Reflection;

namespace LstmLab.Display;

/// <summary>
/// Shows a value under the running notebook cell and replaces it in place later, through the
/// notebook's own display mechanism, found by convention as the formatter is (no package reference):
/// the .NET Interactive kernel's <c>Microsoft.DotNet.Interactive.Kernel.display(object, string[])</c>,
/// or the <c>lstmlab</c> runner's <c>LstmLab.Notebooks.Execution.NotebookGlobals.DisplayInCell(object)</c>,
/// each returning a handle with <c>Update(object)</c> (the kernel's <c>DisplayedValue</c>).
/// </summary>
internal static class NotebookDisplay
{
    private static readonly (string Type, string Method)[] Displays =
    [
        ("LstmLab.Notebooks.Execution.NotebookGlobals", "DisplayInCell"),
        ("Microsoft.DotNet.Interactive.Kernel", "display"),
    ];

    /// <summary>Whether a notebook's display mechanism is loaded in this process (a cell may be running).</summary>
    public static bool Available => Displays.Any(d => Find(d.Type, d.Method) is not null);

    /// <summary>
    /// Shows <paramref name="value"/> under the running cell and returns what replaces it in place,
    /// or null when no notebook is running (a console program, a test).
    /// </summary>
    public static Action<object>? Show(object value)
    {
        foreach (var (typeName, methodName) in Displays)
        {
            var method = Find(typeName, methodName);
            if (method is null)
                continue;
            object?[] arguments =
                method.GetParameters().Length == 2 ? [value, Array.Empty<string>()] : [value];
            object? handle = method.Invoke(null, arguments);
            var update = handle?.GetType().GetMethod("Update", [typeof(object)]);
            if (update is not null)
                return v => update.Invoke(handle, [v]);
        }
        return null;
    }

    private static MethodInfo? Find(string typeName, string methodName)
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            var method = assembly
                .GetType(typeName, throwOnError: false)
                ?.GetMethods(BindingFlags.Public | BindingFlags.Static)
                .FirstOrDefault(m =>
                    m.Name == methodName
                    && m.GetParameters() is { Length: 1 or 2 } p
                    && p[0].ParameterType == typeof(object)
                    && (p.Length == 1 || p[1].ParameterType == typeof(string[]))
                );
            if (method is not null)
                return method;
        }
        return null;
    }
}
