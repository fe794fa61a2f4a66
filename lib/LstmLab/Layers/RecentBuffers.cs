using LstmLab.Kernels;

namespace LstmLab.Layers;

/// <summary>
/// A layer's step buffers for the two latest sizes of each: training alternates between the full batch and a smaller
/// last one, and a new array each time is fresh memory (zeroed and faulted in page by page, at about 16 µs a page on
/// a VM, and a full collection for the large ones). A buffer handed out again holds what it held before; each starts a
/// cache line (<see cref="AlignedFloats"/>). The two are kept in a class, so that the dictionary's code is the shared
/// code for references that the runtime ships precompiled (over a struct the JIT would compile it in a first epoch).
/// </summary>
internal sealed class RecentBuffers
{
    private sealed class Kept(AlignedFloats latest)
    {
        public AlignedFloats Latest = latest;
        public AlignedFloats Before; // no floats until a second size is asked for
    }

    private readonly Dictionary<string, Kept> buffers = [];

    /// <summary>The buffer for <paramref name="name"/> of exactly <paramref name="length"/> floats.</summary>
    public AlignedFloats Get(string name, int length)
    {
        if (!buffers.TryGetValue(name, out var kept))
        {
            var first = AlignedFloats.Allocate(length);
            buffers[name] = new Kept(first);
            return first;
        }
        if (kept.Latest.Length == length)
            return kept.Latest;
        var buffer = kept.Before.Length == length ? kept.Before : AlignedFloats.Allocate(length);
        kept.Before = kept.Latest;
        kept.Latest = buffer;
        return buffer;
    }

    /// <summary>
    /// A buffer for <paramref name="name"/> of at least <paramref name="length"/> floats, for one read and written
    /// only up to the length its pass asks for: the kept one when it is long enough (a smaller last batch uses the start
    /// of the full batch's), else a new one in its place.
    /// </summary>
    public AlignedFloats AtLeast(string name, int length)
    {
        if (buffers.TryGetValue(name, out var kept) && kept.Latest.Length >= length)
            return kept.Latest;
        var buffer = AlignedFloats.Allocate(length);
        buffers[name] = new Kept(buffer);
        return buffer;
    }
}
