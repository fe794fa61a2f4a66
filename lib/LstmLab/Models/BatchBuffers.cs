using LstmLab.Tensors;

namespace LstmLab.Models;

/// <summary>
/// The tensors one training batch is gathered into, allocated once per batch size and reused for every
/// batch (a full batch and the last, smaller one), so an epoch does not allocate a batch's worth of memory per step.
/// </summary>
internal sealed class BatchBuffers
{
    private readonly Dictionary<int, (Tensor X, Tensor Y)> batches = [];
    private Tensor? gradient;

    /// <summary>Buffers shaped like <paramref name="count"/> items of x and y.</summary>
    public (Tensor X, Tensor Y) For(Tensor x, Tensor y, int count)
    {
        if (
            batches.TryGetValue(count, out var pair)
            && pair.X.Shape.AsSpan(1).SequenceEqual(x.Shape.AsSpan(1))
            && pair.Y.Shape.AsSpan(1).SequenceEqual(y.Shape.AsSpan(1))
        )
            return pair;
        if (batches.Count > 2)
            batches.Clear();
        pair = (new Tensor([count, .. x.Shape[1..]]), new Tensor([count, .. y.Shape[1..]]));
        batches[count] = pair;
        return pair;
    }

    /// <summary>A buffer for d loss / d output of <paramref name="shape"/>.</summary>
    public Tensor Gradient(int[] shape)
    {
        if (gradient is null || !gradient.Shape.AsSpan().SequenceEqual(shape))
            gradient = new Tensor(shape);
        return gradient;
    }
}
