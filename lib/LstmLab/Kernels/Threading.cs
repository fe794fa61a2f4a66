namespace LstmLab.Kernels;

/// <summary>
/// How many threads the kernels may use. Results never depend on this number: every output
/// element is computed by exactly one thread, in the same order, whatever the count.
/// </summary>
public static class Threading
{
    /// <summary>The largest default; more threads than this rarely help a small CPU model.</summary>
    public const int DefaultCap = 16;

    private static int s_maxThreads = Math.Clamp(Environment.ProcessorCount, 1, DefaultCap);

    /// <summary>
    /// The most threads one kernel call may use (default: the processor count, at most
    /// <see cref="DefaultCap"/>). Set it to 1 to keep every kernel on the calling thread.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int MaxThreads
    {
        get => Volatile.Read(ref s_maxThreads);
        set
        {
            if (value < 1)
                throw new ArgumentOutOfRangeException(
                    nameof(value),
                    value,
                    $"Threading.MaxThreads must be at least 1, got {value}."
                );
            Volatile.Write(ref s_maxThreads, value);
        }
    }

    [ThreadStatic]
    private static bool t_inParallelPart;

    /// <summary>
    /// The threads a kernel called on this thread may use: <see cref="MaxThreads"/>, or 1 inside a part
    /// that already runs on its own thread (<see cref="RunAsPart"/>), so parallel work never nests.
    /// </summary>
    internal static int Available => t_inParallelPart ? 1 : MaxThreads;

    [ThreadStatic]
    private static bool t_inBackground;

    /// <summary>
    /// Whether this thread runs the library's own background work (<see cref="RunInBackground"/>): its splits run their
    /// parts one after the other on it, leaving the workers to the user's calls.
    /// </summary>
    internal static bool InBackground => t_inBackground;

    /// <summary>
    /// Runs <paramref name="body"/> as the library's own background work (the kernels' warm-up): it computes what it
    /// would anywhere, but never holds the workers a user's call on another thread may need meanwhile.
    /// </summary>
    internal static void RunInBackground(Action body)
    {
        bool outer = t_inBackground;
        t_inBackground = true;
        try
        {
            body();
        }
        finally
        {
            t_inBackground = outer;
        }
    }

    /// <summary>Runs <paramref name="body"/> as one part of a parallel split: kernels it calls stay on this thread.</summary>
    internal static void RunAsPart(Action body)
    {
        bool outer = t_inParallelPart;
        t_inParallelPart = true;
        try
        {
            body();
        }
        finally
        {
            t_inParallelPart = outer;
        }
    }
}
