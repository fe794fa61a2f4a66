using LstmLab.Tensors;

namespace LstmLab.Data;

/// <summary>Which end of a sequence padding is added to, or tokens are cut from.</summary>
public enum PadSide
{
    /// <summary>The start (Keras's default, "pre"): the last tokens stay next to the output.</summary>
    Pre,

    /// <summary>The end ("post").</summary>
    Post,
}

/// <summary>Sequence utilities with Keras's semantics.</summary>
public static class Sequences
{
    /// <summary>
    /// Keras's <c>pad_sequences</c>: makes every sequence exactly <paramref name="maxlen"/> long.
    /// Longer ones lose tokens at the <paramref name="truncating"/> end, shorter ones get
    /// <paramref name="value"/> at the <paramref name="padding"/> end. Returns (N, maxlen).
    /// </summary>
    public static Tensor PadSequences(
        IReadOnlyList<int[]> sequences,
        int maxlen,
        PadSide padding = PadSide.Pre,
        PadSide truncating = PadSide.Pre,
        float value = 0
    )
    {
        CheckMaxlen(maxlen);
        var result = new Tensor(sequences.Count, maxlen);
        var data = result.Data;
        if (value != 0)
            Array.Fill(data, value);
        for (int i = 0; i < sequences.Count; i++)
        {
            int[] sequence = sequences[i];
            int kept = Math.Min(sequence.Length, maxlen);
            int from = truncating == PadSide.Pre ? sequence.Length - kept : 0;
            int to = i * maxlen + (padding == PadSide.Pre ? maxlen - kept : 0);
            for (int t = 0; t < kept; t++)
                data[to + t] = sequence[from + t];
        }
        return result;
    }

    /// <summary>Throws unless <paramref name="maxlen"/>, the length every sequence is padded or cut to, is at least 1.</summary>
    internal static void CheckMaxlen(int maxlen)
    {
        if (maxlen < 1)
            throw new ArgumentOutOfRangeException(
                nameof(maxlen),
                $"maxlen is the number of tokens kept per sequence and must be ≥ 1, got {maxlen}."
            );
    }
}
