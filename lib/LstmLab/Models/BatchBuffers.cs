using LstmLab.Tensors;

namespace LstmLab.Models;

/// <summary>
/// The tensors batches are copied into, allocated once per (role, batch size) and reused for every batch
/// (a full batch and the last, smaller one), so an epoch does not allocate a batch's worth of memory per step.
/// </summary>
internal sealed class BatchBuffers
{
    // a list, not a dictionary keyed by (role, count): that instantiation is JIT-compiled on first use (about 10 ms of a
    // fresh process's first Fit), and there are only a few buffers to look through
    private readonly List<Kept> buffers = [];
    private Tensor? gradient;

    /// <summary>Buffers shaped like <paramref name="count"/> items of x and of y.</summary>
    public (Tensor X, Tensor Y) For(Tensor x, Tensor y, int count) =>
        (Rows(0, x, count), Rows(1, y, count));

    /// <summary>A buffer shaped like <paramref name="count"/> items of x alone (for prediction).</summary>
    public Tensor For(Tensor x, int count) => Rows(0, x, count);

    /// <summary>A buffer for d loss / d output of <paramref name="shape"/>.</summary>
    public Tensor Gradient(int[] shape)
    {
        if (gradient is null || !gradient.Shape.AsSpan().SequenceEqual(shape))
            gradient = new Tensor(shape);
        return gradient;
    }

    private Tensor Rows(int role, Tensor source, int count)
    {
        foreach (var kept in buffers)
            if (
                kept.Role == role
                && kept.Buffer.Shape[0] == count
                && kept.Buffer.Shape.AsSpan(1).SequenceEqual(source.Shape.AsSpan(1))
            )
                return kept.Buffer;
        if (buffers.Count > 8)
            buffers.Clear();
        var buffer = new Tensor([count, .. source.Shape[1..]]);
        buffers.Add(new Kept(role, buffer));
        return buffer;
    }

    private sealed record Kept(int Role, Tensor Buffer);
}
