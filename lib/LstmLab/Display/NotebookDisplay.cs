using System.Reflection;

namespace LstmLab.Display;

/// <summary>
/// Shows a value under the running notebook cell and replaces it in place later, through the
/// notebook's own display mechanism, found by convention as the formatter is (no package reference):
/// the <c>lstmlab</c> runner's <c>LstmLab.Notebooks.Execution.NotebookGlobals.DisplayInCell(object)</c>,
/// or the .NET Interactive kernel's
/// <c>KernelInvocationContextExtensions.Display(KernelInvocationContext.Current, object, string[])</c>,
/// each returning a handle with <c>Update(object)</c> (the kernel's <c>DisplayedValue</c>).
/// </summary>
/// <remarks>
/// Not the kernel's <c>Kernel.display(object)</c>: in <c>dotnet-interactive</c> 1.0.712001 it publishes
/// one <c>DisplayedValue</c> and returns another, so each update names an output that was never shown
/// and VS Code appends it as a second output instead of replacing the first.
/// </remarks>
internal static class NotebookDisplay
{
    private const string RunnerGlobals = "LstmLab.Notebooks.Execution.NotebookGlobals";
    private const string KernelContext = "Microsoft.DotNet.Interactive.KernelInvocationContext";
    private const string KernelContextDisplay =
        "Microsoft.DotNet.Interactive.KernelInvocationContextExtensions";

    /// <summary>Whether a notebook's display mechanism is loaded in this process (a cell may be running).</summary>
    public static bool Available => RunnerDisplay() is not null || KernelDisplay() is not null;

    /// <summary>
    /// Shows <paramref name="value"/> under the running cell and returns what replaces it in place,
    /// or null when no cell is running (a console program, a test).
    /// </summary>
    public static Action<object>? Show(object value)
    {
        object? handle = null;
        if (RunnerDisplay() is { } runner)
            handle = runner.Invoke(null, [value]);
        else if (
            KernelDisplay() is { } kernel
            && FindType(KernelContext)?.GetProperty("Current")?.GetValue(null) is { } context
        )
            handle = kernel.Invoke(null, [context, value, Array.Empty<string>()]);
        var update = handle?.GetType().GetMethod("Update", [typeof(object)]);
        return update is null ? null : v => update.Invoke(handle, [v]);
    }

    // NotebookGlobals.DisplayInCell(object).
    private static MethodInfo? RunnerDisplay() =>
        FindType(RunnerGlobals)
            ?.GetMethod(
                "DisplayInCell",
                BindingFlags.Public | BindingFlags.Static,
                [typeof(object)]
            );

    // KernelInvocationContextExtensions.Display(KernelInvocationContext, object, string[]).
    private static MethodInfo? KernelDisplay() =>
        FindType(KernelContext) is { } context
            ? FindType(KernelContextDisplay)
                ?.GetMethod(
                    "Display",
                    BindingFlags.Public | BindingFlags.Static,
                    [context, typeof(object), typeof(string[])]
                )
            : null;

    private static Type? FindType(string name) =>
        AppDomain
            .CurrentDomain.GetAssemblies()
            .Select(assembly => assembly.GetType(name, throwOnError: false))
            .FirstOrDefault(type => type is not null);
}
