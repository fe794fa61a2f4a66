using System.Runtime.Intrinsics;

namespace LstmLab.Kernels;

/// <summary>Whether every value is a finite number, in one vectorized pass (x - x is 0 for finite x, NaN otherwise).</summary>
internal static class Finite
{
    public static bool All(ReadOnlySpan<float> values)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var acc = Vector512<float>.Zero;
            for (; i + 16 <= values.Length; i += 16)
            {
                var v = Vector512.Create(values.Slice(i, 16));
                acc += v - v;
            }
            if (!Vector512.EqualsAll(acc, Vector512<float>.Zero))
                return false;
        }
        for (; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                return false;
        return true;
    }
}
