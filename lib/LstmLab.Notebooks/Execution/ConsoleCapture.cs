using System.Text;

namespace LstmLab.Notebooks.Execution;

/// <summary>
/// Sends Console.Out and Console.Error to the running cell's <see cref="CellCapture"/>.
/// The console is process-wide, so one routing writer is installed once and the target is an
/// <see cref="AsyncLocal{T}"/>: code a cell starts (tasks, Parallel.For) writes to that cell, and
/// everything else (the terminal's progress bar, other threads) goes to the real console.
/// </summary>
internal static class ConsoleCapture
{
    private static readonly AsyncLocal<CellCapture?> Target = new();
    private static readonly object Gate = new();
    private static TextWriter? installedOut,
        installedError;

    /// <summary>Routes this async flow's console text to <paramref name="capture"/> until disposed.</summary>
    public static IDisposable Into(CellCapture capture)
    {
        Install();
        var previous = Target.Value;
        Target.Value = capture;
        return new Restore(previous);
    }

    private static void Install()
    {
        lock (Gate)
        {
            // Someone else may have replaced the console writers since; wrap whatever is there now.
            if (!ReferenceEquals(Console.Out, installedOut))
            {
                Console.SetOut(new RoutingWriter(Console.Out, "stdout"));
                installedOut = Console.Out;
            }
            if (!ReferenceEquals(Console.Error, installedError))
            {
                Console.SetError(new RoutingWriter(Console.Error, "stderr"));
                installedError = Console.Error;
            }
        }
    }

    private sealed class Restore(CellCapture? previous) : IDisposable
    {
        public void Dispose() => Target.Value = previous;
    }

    private sealed class RoutingWriter(TextWriter console, string stream) : TextWriter
    {
        public override Encoding Encoding => console.Encoding;

        public override void Write(char value)
        {
            if (Target.Value is { } capture)
                capture.Write(stream, [value]);
            else
                console.Write(value);
        }

        public override void Write(string? value)
        {
            if (Target.Value is { } capture)
                capture.Write(stream, value);
            else
                console.Write(value);
        }

        // One write for the text and its newline: the worker sends each write to lstmlab run at once.
        public override void WriteLine(string? value) => Write(value + NewLine);

        public override void Write(char[] buffer, int index, int count)
        {
            if (Target.Value is { } capture)
                capture.Write(stream, buffer.AsSpan(index, count));
            else
                console.Write(buffer, index, count);
        }

        public override void Flush() => console.Flush();
    }
}
