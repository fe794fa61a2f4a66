namespace LstmLab.Models;

/// <summary>
/// Writes training progress to the console like Keras's verbose=1: one line per epoch, redrawn in place
/// with '\r' at most a few times a second, then ended with a newline when the epoch ends.
/// </summary>
internal sealed class ConsoleProgress : IProgress<TrainingProgress>
{
    private long lastDraw;

    public void Report(TrainingProgress value)
    {
        long now = Environment.TickCount64;
        if (!value.EpochEnded && now - lastDraw < 250)
            return;
        lastDraw = now;
        Console.Out.Write("\r" + value + (value.EpochEnded ? Environment.NewLine : ""));
        Console.Out.Flush();
    }
}
