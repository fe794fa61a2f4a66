using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LstmLab.Kernels;

/// <summary>
/// A zeroed float buffer whose first value starts a 64-byte cache line, for the buffers the kernels read and write
/// a vector at a time (gates, states and their gradients: rows of 4H or H floats). A .NET array's values start
/// 16 bytes past an 8-byte-aligned object, so at any of eight places in a line: a step buffer that started mid-line
/// made every 64-byte load and store of its rows touch two lines, and the same pass ran up to 1.6 times slower on
/// one thread than on the other. The values live inside a pinned array (the pinned heap never moves it, so the
/// offset stays right); where they start changes no result, only the speed.
/// </summary>
internal readonly struct AlignedFloats
{
    private const int LineBytes = 64;

    private readonly float[]? array;
    private readonly int offset;

    private AlignedFloats(float[] array, int offset, int length)
    {
        this.array = array;
        this.offset = offset;
        Length = length;
    }

    /// <summary>The number of floats.</summary>
    public int Length { get; }

    /// <summary>A new buffer of <paramref name="length"/> zeros.</summary>
    public static unsafe AlignedFloats Allocate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length == 0)
            return default;
        int spare = LineBytes / sizeof(float) - 1;
        var array = GC.AllocateArray<float>(length + spare, pinned: true);
        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        int offset = (int)((LineBytes - start % LineBytes) % LineBytes / sizeof(float));
        return new AlignedFloats(array, offset, length);
    }

    /// <summary>
    /// <paramref name="count"/> new buffers of <paramref name="length"/> zeros each (a loop, not LINQ or a collection
    /// expression: their generic code over this struct is not precompiled, and the JIT would compile it during a first
    /// epoch).
    /// </summary>
    public static AlignedFloats[] AllocateMany(int count, int length)
    {
        var many = new AlignedFloats[count];
        for (int i = 0; i < count; i++)
            many[i] = Allocate(length);
        return many;
    }

    /// <summary>All the floats.</summary>
    public Span<float> Span => array.AsSpan(offset, Length);

    /// <summary>The floats from <paramref name="start"/> on.</summary>
    public Span<float> AsSpan(int start) => Span[start..];

    /// <summary><paramref name="length"/> floats from <paramref name="start"/>.</summary>
    public Span<float> AsSpan(int start, int length) => Span.Slice(start, length);

    /// <summary><paramref name="length"/> floats from <paramref name="start"/> (what a range <c>buffer[a..b]</c> gives).</summary>
    public Span<float> Slice(int start, int length) => Span.Slice(start, length);

    /// <summary>The float at <paramref name="index"/>.</summary>
    public ref float this[int index] => ref Span[index];

    public static implicit operator Span<float>(AlignedFloats buffer) => buffer.Span;

    public static implicit operator ReadOnlySpan<float>(AlignedFloats buffer) => buffer.Span;

    public static implicit operator Memory<float>(AlignedFloats buffer) =>
        buffer.array.AsMemory(buffer.offset, buffer.Length);

    public static implicit operator ReadOnlyMemory<float>(AlignedFloats buffer) =>
        buffer.array.AsMemory(buffer.offset, buffer.Length);
}
