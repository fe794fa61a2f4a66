using LstmLab.Layers;
using Onnx;

namespace LstmLab.Onnx;

/// <summary>
/// How one of our recurrent layers maps onto an ONNX recurrent operator. Our weights are in PyTorch's layout:
/// <c>weight_ih</c> (G·H, F), <c>weight_hh</c> (G·H, H), <c>bias_ih</c> and <c>bias_hh</c> (G·H), G gate blocks of H rows
/// in PyTorch's gate order; ONNX wants the same blocks in its own order, and the two biases as one (2·G·H) vector [Wb; Rb].
/// </summary>
/// <param name="OpType">The ONNX operator: LSTM, GRU or RNN.</param>
/// <param name="OnnxOrder">For each ONNX gate block in turn, the index of the PyTorch block that goes there.</param>
/// <param name="HasCell">Whether the operator also carries a cell state (LSTM's initial_c and Y_c).</param>
/// <param name="Attributes">The operator's own attributes beyond hidden_size and direction.</param>
internal sealed record RecurrentOp(
    string OpType,
    int[] OnnxOrder,
    bool HasCell,
    AttributeProto[] Attributes
)
{
    /// <summary>
    /// LSTM: PyTorch's gates are i, f, g, o; ONNX's are i, o, f, c (c is PyTorch's g), so ONNX block k
    /// is PyTorch block [0, 3, 1, 2][k]. Activations default to σ, tanh, tanh, as ours.
    /// </summary>
    public static RecurrentOp Lstm() => new("LSTM", [0, 3, 1, 2], HasCell: true, []);

    /// <summary>
    /// GRU: PyTorch's gates are r, z, n; ONNX's are z, r, h (h is PyTorch's n), so ONNX block k is PyTorch block
    /// [1, 0, 2][k]. <c>linear_before_reset = 1</c> is PyTorch's candidate n = tanh(x W_nᵀ + b_in + r ⊙ (h R_nᵀ + b_hn)),
    /// the only form our <see cref="Layers.Gru"/> has (Keras's reset_after=True).
    /// </summary>
    public static RecurrentOp Gru() =>
        new("GRU", [1, 0, 2], HasCell: false, [OnnxGraph.Attribute("linear_before_reset", 1L)]);

    /// <summary>
    /// RNN (Elman): one block, h' = tanh(x Wᵀ + h Rᵀ + Wb + Rb). The activation is left to its default, Tanh for each
    /// direction (an explicit list would need one entry per direction).
    /// </summary>
    public static RecurrentOp Rnn() => new("RNN", [0], HasCell: false, []);

    /// <summary>The operator that computes <paramref name="layer"/>'s cell.</summary>
    public static RecurrentOp For(IRecurrentLayer layer) =>
        layer switch
        {
            Layers.Lstm => Lstm(),
            Layers.Gru => Gru(),
            SimpleRnn => Rnn(),
            _ => throw new NotSupportedException(
                $"{layer.GetType().Name} has no ONNX recurrent operator (LSTM Lab exports Lstm, Gru and SimpleRnn)."
            ),
        };

    /// <summary>The gate blocks per direction (G).</summary>
    public int Gates => OnnxOrder.Length;

    /// <summary>
    /// Reorders the G blocks of <paramref name="pytorch"/> (G·H rows of <paramref name="columns"/> values, PyTorch's order)
    /// into ONNX's order, appending them to <paramref name="onnx"/>.
    /// </summary>
    public void AppendReordered(
        List<float> onnx,
        ReadOnlySpan<float> pytorch,
        int units,
        int columns
    )
    {
        int block = units * columns;
        if (pytorch.Length != Gates * block)
            throw new ArgumentException(
                $"{OpType}: expected {Gates} blocks of {units}×{columns} values, got {pytorch.Length} values."
            );
        foreach (int source in OnnxOrder)
            onnx.AddRange(pytorch.Slice(source * block, block));
    }
}
