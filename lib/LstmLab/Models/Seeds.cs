namespace LstmLab.Models;

/// <summary>
/// Derives independent seeds from (seed, epoch, batch, layer) with a SplitMix64 mix, so every batch's
/// shuffling and dropout masks depend only on where it is in training: a run resumed from a checkpoint
/// draws exactly what the uninterrupted run drew.
/// </summary>
internal static class Seeds
{
    public static int Mix(int seed, params ReadOnlySpan<int> path)
    {
        ulong z = (ulong)(uint)seed;
        foreach (int part in path)
        {
            z += 0x9E3779B97F4A7C15UL + (ulong)(uint)part;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
        }
        return (int)(z & 0x7FFFFFFF);
    }
}
