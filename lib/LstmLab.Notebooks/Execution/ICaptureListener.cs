using LstmLab.Notebooks.Formatting;

namespace LstmLab.Notebooks.Execution;

/// <summary>
/// Told each change to a <see cref="CellCapture"/> while its lock is held, so the changes arrive in
/// the order they happened; replaying them on another capture rebuilds the same outputs.
/// </summary>
internal interface ICaptureListener
{
    /// <summary>Console text was written to <paramref name="stream"/> ("stdout" or "stderr").</summary>
    void Written(string stream, string text);

    /// <summary>An output was added at position <paramref name="index"/> (its display id).</summary>
    void Added(int index, CellOutput output);

    /// <summary>The display at <paramref name="index"/> now shows <paramref name="value"/>.</summary>
    void Replaced(int index, FormattedValue value);
}
