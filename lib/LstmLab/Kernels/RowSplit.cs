namespace LstmLab.Kernels;

/// <summary>
/// Splits independent batch rows into contiguous parts, one per thread (up to <see cref="Threading.MaxThreads"/>).
/// The rows of a recurrent layer do not interact within a step loop, so each thread runs every step for its
/// own rows with no synchronization; the split depends only on the row count and thread count, so results
/// are the same run after run.
/// </summary>
internal static class RowSplit
{
    /// <summary>The fewest rows the recurrent layers (and the training batch gather before them) give one part.</summary>
    public const int RecurrentRowsPerPart = 16;

    /// <summary>Calls <paramref name="body"/>(start, count) for each part; at least <paramref name="minRows"/> rows per part.</summary>
    public static void Run(int rows, int minRows, Action<int, int> body) =>
        Run(rows, minRows, (_, start, count) => body(start, count));

    /// <summary>Calls <paramref name="body"/>(part, start, count) for each part, numbered from 0 in row order.</summary>
    public static void Run(int rows, int minRows, Action<int, int, int> body)
    {
        int parts = Parts(rows, minRows);
        if (parts <= 1)
        {
            body(0, 0, rows);
            return;
        }
        ParallelParts.Run(
            parts,
            part =>
            {
                int start = (int)((long)rows * part / parts);
                int end = (int)((long)rows * (part + 1) / parts);
                body(part, start, end - start);
            }
        );
    }

    /// <summary>How many parts <see cref="Run(int, int, Action{int, int})"/> splits <paramref name="rows"/> into.</summary>
    public static int Parts(int rows, int minRows) =>
        Math.Max(1, Math.Min(Threading.Available, rows / Math.Max(minRows, 1)));
}
