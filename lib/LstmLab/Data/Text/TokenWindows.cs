using LstmLab.Tensors;

namespace LstmLab.Data;

/// <summary>Training windows over a sequence of token ids (characters or words).</summary>
public static class TokenWindows
{
    /// <summary>
    /// (input, next token) pairs: X (N, length) holds ids[s .. s+length-1] and Y (N) the id that
    /// follows, for window starts s = 0, step, 2*step, …. For next-character generation and
    /// next-word prediction with a softmax over the vocabulary.
    /// </summary>
    public static LabelledData NextToken(ReadOnlySpan<int> ids, int length, int step = 1)
    {
        int n = Count(ids.Length, length, step);
        var x = new Tensor(n, length);
        var y = new Tensor(n);
        for (int i = 0; i < n; i++)
        {
            int start = i * step;
            for (int t = 0; t < length; t++)
                x.Data[i * length + t] = ids[start + t];
            y.Data[i] = ids[start + length];
        }
        return new LabelledData(x, y);
    }

    /// <summary>
    /// Input and target sequences shifted by one, as min-char-rnn trains: X (N, length) holds
    /// ids[s .. s+length-1] and Y (N, length) holds ids[s+1 .. s+length], so every step has a target.
    /// </summary>
    public static LabelledData Shifted(ReadOnlySpan<int> ids, int length, int step)
    {
        int n = Count(ids.Length, length, step);
        var x = new Tensor(n, length);
        var y = new Tensor(n, length);
        for (int i = 0; i < n; i++)
        {
            int start = i * step;
            for (int t = 0; t < length; t++)
            {
                x.Data[i * length + t] = ids[start + t];
                y.Data[i * length + t] = ids[start + t + 1];
            }
        }
        return new LabelledData(x, y);
    }

    private static int Count(int available, int length, int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(step);
        if (available < length + 1)
            throw new ArgumentException(
                $"{available} tokens are too few for one window of {length} tokens and a target."
            );
        return (available - length - 1) / step + 1;
    }
}
