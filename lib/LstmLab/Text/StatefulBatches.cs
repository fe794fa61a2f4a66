using LstmLab.Data;
using LstmLab.Tensors;

namespace LstmLab.Text;

/// <summary>
/// Lays a long token sequence out for truncated back-propagation with carried (stateful) hidden state:
/// the text is cut into <c>batchSize</c> equal streams, and row i of batch k+1 continues row i of batch k,
/// so a stateful LSTM that starts each batch from the previous batch's final state reads every stream
/// from beginning to end (Keras's stateful layout; min-char-rnn with a batch of one).
/// </summary>
public static class StatefulBatches
{
    /// <summary>
    /// Input and target windows: X (N, steps) and Y (N, steps) with Y shifted one token ahead,
    /// N = batchSize · batches. Stream i is ids[i·L .. (i+1)·L] with L = (ids.Length − 1) / batchSize;
    /// row k·batchSize + i holds its chunk k, ids[i·L + k·steps ..]. Train with
    /// <c>Fit(x, y, batchSize: batchSize, shuffle: false)</c> and reset the states at each epoch.
    /// The last tokens that do not fill a whole batch are left out.
    /// </summary>
    public static LabelledData Arrange(ReadOnlySpan<int> ids, int batchSize, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        int streamLength = (ids.Length - 1) / batchSize;
        int batches = streamLength / steps;
        if (batches == 0)
            throw new ArgumentException(
                $"{ids.Length} tokens are too few for one batch of {batchSize} rows of {steps} steps "
                    + $"(it needs {batchSize * steps + 1})."
            );
        var x = new Tensor(batches * batchSize, steps);
        var y = new Tensor(batches * batchSize, steps);
        for (int k = 0; k < batches; k++)
        for (int i = 0; i < batchSize; i++)
        {
            int row = k * batchSize + i;
            int start = i * streamLength + k * steps;
            for (int t = 0; t < steps; t++)
            {
                x.Data[row * steps + t] = ids[start + t];
                y.Data[row * steps + t] = ids[start + t + 1];
            }
        }
        return new LabelledData(x, y);
    }
}
