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
    public static void Run(int rows, int minRows, Action<int, int> body)
    {
        int parts = Math.Min(Threading.Available, rows / Math.Max(minRows, 1));
        if (parts <= 1)
        {
            body(0, rows);
            return;
        }
        ParallelParts.Run(
            parts,
            part =>
            {
                int start = (int)((long)rows * part / parts);
                int end = (int)((long)rows * (part + 1) / parts);
                body(start, end - start);
            }
        );
    }
}
