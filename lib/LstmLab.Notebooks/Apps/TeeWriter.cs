using System.Text;
using LstmLab.Notebooks.Execution;

namespace LstmLab.Notebooks.Apps;

/// <summary>
/// Console text of an exported app: shown in the terminal as it is written, and kept in the running
/// cell's <see cref="CellCapture"/> for the report.
/// </summary>
internal sealed class TeeWriter(TextWriter terminal, string stream, Func<CellCapture?> cell)
    : TextWriter
{
    public override Encoding Encoding => terminal.Encoding;

    public override void Write(char value)
    {
        terminal.Write(value);
        cell()?.Write(stream, [value]);
    }

    public override void Write(string? value)
    {
        terminal.Write(value);
        cell()?.Write(stream, value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        terminal.Write(buffer, index, count);
        cell()?.Write(stream, buffer.AsSpan(index, count));
    }

    public override void Flush() => terminal.Flush();
}
