namespace LstmLab.Notebooks.Execution;

/// <summary>
/// Interrupts a run of <see cref="NotebookJob.RunAsync"/> from outside, as Ctrl+C and SIGTERM do in
/// <c>lstmlab run</c>. The first <see cref="Interrupt"/> stops the running cell (training stops at
/// the end of its batch and saves a checkpoint); a cell still running after
/// <see cref="RunOptions.InterruptGrace"/> is ended. A second one ends the running cell at once.
/// Either way the report and the .ipynb show what ran, the interrupted cell marked as interrupted.
/// </summary>
public sealed class RunControl
{
    private readonly object gate = new();
    private Action? listener;
    private int pending;

    /// <summary>How many interrupts were requested.</summary>
    public int Interrupts { get; private set; }

    /// <summary>Requests an interrupt (see the class); safe from a signal handler's thread.</summary>
    public void Interrupt()
    {
        Action? notify;
        lock (gate)
        {
            Interrupts++;
            notify = listener;
            if (notify is null)
                pending++;
        }
        notify?.Invoke();
    }

    /// <summary>Tells <paramref name="onInterrupt"/> of every interrupt, those requested before included.</summary>
    internal void Attach(Action onInterrupt)
    {
        int missed;
        lock (gate)
        {
            listener = onInterrupt;
            missed = pending;
            pending = 0;
        }
        for (int i = 0; i < missed; i++)
            onInterrupt();
    }
}
