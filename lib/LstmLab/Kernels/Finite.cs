using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LstmLab.Kernels;

/// <summary>
/// Whether every value is a finite number, in one vectorized pass (x - x is 0 for finite x, NaN otherwise); loads
/// through a reference and a vector comparison, which ReadyToRun precompiles (it leaves Vector512.EqualsAll to the JIT).
/// </summary>
internal static class Finite
{
    public static bool All(ReadOnlySpan<float> values)
    {
        ref float v0 = ref MemoryMarshal.GetReference(values);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var acc = Vector512<float>.Zero;
            for (; i + 16 <= values.Length; i += 16)
            {
                var v = Vector512.LoadUnsafe(ref v0, (nuint)i);
                acc += v - v;
            }
            if (acc != Vector512<float>.Zero)
                return false;
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var acc = Vector256<float>.Zero;
            for (; i + 8 <= values.Length; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref v0, (nuint)i);
                acc += v - v;
            }
            if (acc != Vector256<float>.Zero)
                return false;
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var acc = Vector128<float>.Zero;
            for (; i + 4 <= values.Length; i += 4)
            {
                var v = Vector128.LoadUnsafe(ref v0, (nuint)i);
                acc += v - v;
            }
            if (acc != Vector128<float>.Zero)
                return false;
        }
        for (; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                return false;
        return true;
    }
}
