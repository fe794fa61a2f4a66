using LstmLab.Display;

namespace LstmLab.Tensors;

/// <summary>
/// A dense float32 array with a shape, stored row-major (the last axis is contiguous).
/// Everything the library passes around is a <see cref="Tensor"/>: images (N, 28, 28),
/// token ids (N, T) stored as floats, labels (N) or (N, T), model outputs.
/// A notebook shows its shape, the range of its values and their first rows and columns.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class Tensor : IHtmlRenderable
{
    /// <summary>The values, row-major; its length is the product of <see cref="Shape"/>.</summary>
    public float[] Data { get; }

    /// <summary>The size of each axis.</summary>
    public int[] Shape { get; }

    /// <summary>Wraps <paramref name="data"/> (not copied) with the given shape.</summary>
    public Tensor(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        long size = SizeOf(shape);
        if (size != data.Length)
            throw new ArgumentException(
                $"A tensor of shape {Format(shape)} needs {size} values, but {data.Length} were given."
            );
        Data = data;
        Shape = (int[])shape.Clone();
    }

    /// <summary>A tensor of zeros with the given shape.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The shape holds more values than one .NET array can
    /// (<see cref="Array.MaxLength"/>, about 2.1 billion).</exception>
    public Tensor(params int[] shape)
        : this(new float[Allocatable(shape)], shape) { }

    /// <summary>The number of values of <paramref name="shape"/>, when one array can hold them.</summary>
    private static int Allocatable(int[] shape) =>
        TooLarge(shape) is { } reason
            ? throw new ArgumentOutOfRangeException(nameof(shape), $"A tensor of {reason}.")
            : (int)SizeOf(shape);

    /// <summary>
    /// Null when one array can hold the values of <paramref name="shape"/>; else the reason, as
    /// "shape (a, b) would hold N values; one tensor holds at most M".
    /// </summary>
    internal static string? TooLarge(ReadOnlySpan<int> shape)
    {
        long size = SizeOf(shape);
        if (size <= Array.MaxLength)
            return null;
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        string values = size == long.MaxValue ? "more than 9.2e18" : size.ToString("N0", invariant);
        return $"shape {Format(shape)} would hold {values} values; one tensor holds at most {Array.MaxLength.ToString("N0", invariant)}";
    }

    /// <summary>The number of axes.</summary>
    public int Rank => Shape.Length;

    /// <summary>The number of values.</summary>
    public int Length => Data.Length;

    /// <summary>The values as a span.</summary>
    public Span<float> Span => Data;

    /// <summary>The value at the given indices (one per axis).</summary>
    public float this[params int[] indices]
    {
        get => Data[Offset(indices)];
        set => Data[Offset(indices)] = value;
    }

    /// <summary>The same values seen with another shape of the same size (no copy).</summary>
    public Tensor Reshape(params int[] shape) => new(Data, shape);

    /// <summary>A copy of the items <paramref name="start"/>..start+count-1 along the first axis.</summary>
    public Tensor Slice(int start, int count)
    {
        if (Rank == 0)
            throw new InvalidOperationException("A scalar tensor has no first axis to slice.");
        if (start < 0 || count < 0 || start + count > Shape[0])
            throw new ArgumentOutOfRangeException(
                nameof(start),
                $"Rows {start}..{start + count - 1} are outside a tensor of shape {Format(Shape)}."
            );
        int row = Shape[0] == 0 ? 0 : Length / Shape[0];
        var shape = (int[])Shape.Clone();
        shape[0] = count;
        var data = new float[count * row];
        Array.Copy(Data, start * row, data, 0, data.Length);
        return new Tensor(data, shape);
    }

    /// <summary>A copy of the items at <paramref name="indices"/> along the first axis, in that order.</summary>
    public Tensor Gather(ReadOnlySpan<int> indices)
    {
        if (Rank == 0)
            throw new InvalidOperationException(
                "A scalar tensor has no first axis to gather from."
            );
        int row = Shape[0] == 0 ? 0 : Length / Shape[0];
        var shape = (int[])Shape.Clone();
        shape[0] = indices.Length;
        var data = new float[indices.Length * row];
        for (int i = 0; i < indices.Length; i++)
        {
            int r = indices[i];
            if ((uint)r >= (uint)Shape[0])
                throw new ArgumentOutOfRangeException(
                    nameof(indices),
                    $"Row {r} is outside a tensor of shape {Format(Shape)}."
                );
            Array.Copy(Data, r * row, data, i * row, row);
        }
        return new Tensor(data, shape);
    }

    /// <summary>Copies the items at <paramref name="indices"/> along the first axis into <paramref name="destination"/> (a batch
    /// buffer), from its item <paramref name="destinationItem"/> on.</summary>
    internal void GatherInto(ReadOnlySpan<int> indices, Tensor destination, int destinationItem = 0)
    {
        int row = Shape[0] == 0 ? 0 : Length / Shape[0];
        for (int i = 0; i < indices.Length; i++)
            Array.Copy(Data, indices[i] * row, destination.Data, (destinationItem + i) * row, row);
    }

    /// <summary>Copies the items start..start+destination.Shape[0]-1 along the first axis into <paramref name="destination"/>.</summary>
    internal void CopyRowsTo(int start, Tensor destination)
    {
        int row = Shape[0] == 0 ? 0 : Length / Shape[0];
        Array.Copy(Data, start * row, destination.Data, 0, destination.Length);
    }

    /// <summary>A deep copy.</summary>
    public Tensor Clone() => new((float[])Data.Clone(), Shape);

    /// <summary>The shape written as (a, b, c).</summary>
    public static string Format(ReadOnlySpan<int> shape) =>
        "(" + string.Join(", ", shape.ToArray()) + (shape.Length == 1 ? ",)" : ")");

    /// <inheritdoc/>
    public override string ToString() => $"Tensor{Format(Shape)}";

    /// <summary>The shape, the range and mean of the values, and a corner of them, as HTML.</summary>
    public string ToHtml() => TensorPreview.Html(this);

    internal static long SizeOf(ReadOnlySpan<int> shape)
    {
        long size = 1;
        foreach (int d in shape)
        {
            if (d < 0)
                throw new ArgumentException(
                    $"A tensor shape cannot have a negative size: {Format(shape)}."
                );
            // Saturates instead of wrapping: (2^31)^3 is too large, not some smaller number.
            size =
                d == 0 ? 0
                : size > long.MaxValue / d ? long.MaxValue
                : size * d;
        }
        return size;
    }

    private int Offset(int[] indices)
    {
        if (indices.Length != Rank)
            throw new ArgumentException(
                $"{indices.Length} indices given for a tensor of rank {Rank} {Format(Shape)}."
            );
        int offset = 0;
        for (int i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)Shape[i])
                throw new IndexOutOfRangeException(
                    $"Index {indices[i]} on axis {i} is outside a tensor of shape {Format(Shape)}."
                );
            offset = offset * Shape[i] + indices[i];
        }
        return offset;
    }
}
