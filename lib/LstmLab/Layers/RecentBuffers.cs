namespace LstmLab.Layers;

/// <summary>
/// A layer's step buffers for the two latest sizes of each: training alternates between the full batch and a smaller
/// last one, and a new array each time is fresh memory (zeroed and faulted in page by page, at about 16 µs a page on
/// a VM, and a full collection for the large ones). An array handed out again holds what it held before.
/// </summary>
internal sealed class RecentBuffers
{
    private readonly Dictionary<string, (float[] Latest, float[]? Before)> arrays = [];

    /// <summary>The array for <paramref name="name"/> of exactly <paramref name="length"/> floats.</summary>
    public float[] Get(string name, int length)
    {
        if (!arrays.TryGetValue(name, out var kept))
        {
            var first = new float[length];
            arrays[name] = (first, null);
            return first;
        }
        if (kept.Latest.Length == length)
            return kept.Latest;
        var array = kept.Before?.Length == length ? kept.Before : new float[length];
        arrays[name] = (array, kept.Latest);
        return array;
    }

    /// <summary>
    /// An array for <paramref name="name"/> of at least <paramref name="length"/> floats, for a buffer read and written
    /// only up to the length its pass asks for: the kept one when it is long enough (a smaller last batch uses the start
    /// of the full batch's), else a new one in its place.
    /// </summary>
    public float[] AtLeast(string name, int length)
    {
        if (arrays.TryGetValue(name, out var kept) && kept.Latest.Length >= length)
            return kept.Latest;
        var array = new float[length];
        arrays[name] = (array, null);
        return array;
    }
}
