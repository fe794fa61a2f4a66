using LstmLab.Notebooks.Execution;

// In namespace System, like the kernel's DisplayExtensions, so every cell has it without a using.
namespace System;

/// <summary>The kernel's <c>value.Display()</c>: the same as <c>display(value)</c> inside a cell.</summary>
public static class NotebookDisplayExtensions
{
    /// <summary>
    /// Shows <paramref name="value"/> under the running cell. Outside a cell it prints the value's
    /// text to the console, as the kernel does when no notebook is running.
    /// </summary>
    public static DisplayedValue Display(this object? value, params string[] mimeTypes)
    {
        if (NotebookGlobals.Current is { } globals)
            return globals.display(value, mimeTypes);
        Console.WriteLine(value);
        return new DisplayedValue(Console.WriteLine);
    }
}
