namespace LstmLab.Notebooks.Formatting;

/// <summary>
/// Turns a value a cell displays or returns into what the report and the .ipynb show.
/// The runner calls it at display time, as the kernel does, so a later change to the object does
/// not change an earlier output.
/// </summary>
public interface IOutputFormatter
{
    /// <summary>The formatted value; never null, never throws for a value whose formatting fails.</summary>
    FormattedValue Format(object? value);
}
