using System.Text;
using LstmLab.Notebooks.Formatting;

namespace LstmLab.Notebooks.Execution;

/// <summary>
/// Collects one cell's outputs while it runs: console text, displayed values, warnings.
/// Console text that rewrites a line with '\r' (a training progress bar) keeps only the line's last
/// state, so a thousand progress updates become one line per epoch.
/// </summary>
internal sealed class CellCapture
{
    private readonly object gate = new();
    private readonly List<object> outputs = []; // CellOutput, or StreamBuffer while still growing
    private readonly Action<string>? onLine;
    private readonly ICaptureListener? listener;

    /// <param name="onLine">Told the current console line each time it changes (the terminal's progress line).</param>
    /// <param name="listener">Told every change in the order it happened (the notebook worker sends them on).</param>
    public CellCapture(Action<string>? onLine = null, ICaptureListener? listener = null)
    {
        this.onLine = onLine;
        this.listener = listener;
    }

    /// <summary>Appends console text to the stream's latest output, or starts one after another output.</summary>
    public void Write(string stream, ReadOnlySpan<char> text)
    {
        string line;
        lock (gate)
        {
            if (
                outputs.Count == 0
                || outputs[^1] is not StreamBuffer buffer
                || buffer.Name != stream
            )
                outputs.Add(buffer = new StreamBuffer(stream));
            buffer.Append(text);
            line = buffer.CurrentLine;
            listener?.Written(stream, text.ToString());
        }
        onLine?.Invoke(line);
    }

    /// <summary>Adds a finished output; returns its position for <see cref="Replace"/>.</summary>
    public int Add(CellOutput output)
    {
        lock (gate)
        {
            outputs.Add(output);
            listener?.Added(outputs.Count - 1, output);
            return outputs.Count - 1;
        }
    }

    /// <summary>
    /// Replaces the display output at <paramref name="index"/> (<c>DisplayedValue.Update</c>); its text
    /// becomes the terminal's progress line, as a training view's one-line progress.
    /// </summary>
    public void Replace(int index, FormattedValue value)
    {
        lock (gate)
        {
            outputs[index] = new DisplayOutput(value, IsResult: false);
            listener?.Replaced(index, value);
        }
        onLine?.Invoke(value.PlainText);
    }

    /// <summary>The outputs so far, console text included.</summary>
    public IReadOnlyList<CellOutput> Snapshot()
    {
        lock (gate)
            return outputs
                .Select(o => o is StreamBuffer b ? new StreamOutput(b.Name, b.Text) : (CellOutput)o)
                .Where(o => o is not StreamOutput { Text.Length: 0 })
                .ToList();
    }

    private sealed class StreamBuffer(string name)
    {
        private readonly StringBuilder done = new(); // every finished line, each with its '\n'
        private readonly StringBuilder line = new(); // the line being written
        private string lastDoneLine = "";
        private bool carriageReturn;

        public string Name => name;

        public string Text => done.ToString() + line;

        /// <summary>The line being written, or the last finished non-empty one while a new line is empty.</summary>
        public string CurrentLine => line.Length > 0 ? line.ToString() : lastDoneLine;

        public void Append(ReadOnlySpan<char> text)
        {
            foreach (char c in text)
            {
                if (c == '\r')
                {
                    carriageReturn = true;
                    continue;
                }
                if (c == '\n')
                {
                    if (line.Length > 0)
                        lastDoneLine = line.ToString();
                    done.Append(line).Append('\n');
                    line.Clear();
                }
                else
                {
                    // '\r' not followed by '\n': the writer starts the line over.
                    if (carriageReturn)
                        line.Clear();
                    line.Append(c);
                }
                carriageReturn = false;
            }
        }
    }
}
