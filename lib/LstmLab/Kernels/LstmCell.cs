using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LstmLab.Kernels;

/// <summary>
/// The fused element-wise part of one LSTM step, forward (LstmCellForward.cs) and backward (here): per row of the
/// batch, the bias, σ/tanh, the cell and hidden state and what backward keeps, in place of seven separate array
/// passes. Gates are laid out as PyTorch's: each row of (B, 4H) holds i | f | g | o, H values each. Vector512 where
/// the CPU has it, then Vector256; the values after the last whole 8-lane block (H = 50: 2) by an 8-lane block that
/// ends there (LstmCellLastBlock.cs), a scalar tail below 8 or without SIMD, all with the same <see cref="FastMath"/>
/// formulas lane for lane, so the same bits wherever a unit falls; <see cref="LstmCellReference"/> is the plain version.
/// </summary>
internal static partial class LstmCell
{
    /// <summary>Gradients below this magnitude are set to zero: they would decay into denormal floats,
    /// which make every later product up to 100× slower, and are 25 orders below any that matter.</summary>
    public const float FlushBelow = 1e-25f;

    /// <summary>x, or 0 when |x| is below <see cref="FlushBelow"/>.</summary>
    public static float Flush(float x) => MathF.Abs(x) < FlushBelow ? 0 : x;

    /// <summary>
    /// gates (B,4H) activated i, f, g, o of this step; cPrev, tanhC (B,H) from the forward pass;
    /// dh (B,H) = d loss / d h of this step (from the output and from the next step);
    /// dc (B,H): on entry d loss / d c from the next step, on exit d loss / d cPrev;
    /// dGates (B,4H) receives d loss / d pre-activation of each gate. Values below
    /// <see cref="FlushBelow"/> are written as zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(
        ReadOnlySpan<float> gates,
        ReadOnlySpan<float> cPrev,
        ReadOnlySpan<float> tanhC,
        ReadOnlySpan<float> dh,
        Span<float> dc,
        Span<float> dGates,
        int batch,
        int units
    )
    {
        int width = 4 * units;
        int rest = LastBlockRest(units);
        var keep = LastBlockLanes(rest);
        for (int b = 0; b < batch; b++)
        {
            ref float row = ref Unsafe.AsRef(in gates[b * width]);
            ref float dRow = ref dGates[b * width];
            int s = b * units;
            ref float cp = ref Unsafe.AsRef(in cPrev[s]);
            ref float tn = ref Unsafe.AsRef(in tanhC[s]);
            ref float dhn = ref Unsafe.AsRef(in dh[s]);
            ref float dcn = ref dc[s];
            if (rest > 0)
                BackwardLastBlock(ref row, ref dRow, ref cp, ref tn, ref dhn, ref dcn, units, keep);
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                var one = Vector512<float>.One;
                for (; j + 16 <= units; j += 16)
                {
                    var i = Load512(ref row, j);
                    var f = Load512(ref row, units + j);
                    var g = Load512(ref row, 2 * units + j);
                    var o = Load512(ref row, 3 * units + j);
                    var t = Load512(ref tn, j);
                    var dhv = Load512(ref dhn, j);
                    // backprop through h = o ⊙ tanh(c) into c, then through c = f ⊙ cPrev + i ⊙ g
                    var dcell = Vector512.FusedMultiplyAdd(
                        dhv * o,
                        one - t * t,
                        Load512(ref dcn, j)
                    );
                    Flush512(dcell * g * i * (one - i)).StoreUnsafe(ref dRow, (nuint)j);
                    Flush512(dcell * Load512(ref cp, j) * f * (one - f))
                        .StoreUnsafe(ref dRow, (nuint)(units + j));
                    Flush512(dcell * i * (one - g * g))
                        .StoreUnsafe(ref dRow, (nuint)(2 * units + j));
                    Flush512(dhv * t * o * (one - o)).StoreUnsafe(ref dRow, (nuint)(3 * units + j));
                    Flush512(dcell * f).StoreUnsafe(ref dcn, (nuint)j);
                }
            }
            if (Vector256.IsHardwareAccelerated)
            {
                var one = Vector256<float>.One;
                for (; j + 8 <= units; j += 8)
                {
                    var i = Load256(ref row, j);
                    var f = Load256(ref row, units + j);
                    var g = Load256(ref row, 2 * units + j);
                    var o = Load256(ref row, 3 * units + j);
                    var t = Load256(ref tn, j);
                    var dhv = Load256(ref dhn, j);
                    var dcell = Vector256.FusedMultiplyAdd(
                        dhv * o,
                        one - t * t,
                        Load256(ref dcn, j)
                    );
                    Flush256(dcell * g * i * (one - i)).StoreUnsafe(ref dRow, (nuint)j);
                    Flush256(dcell * Load256(ref cp, j) * f * (one - f))
                        .StoreUnsafe(ref dRow, (nuint)(units + j));
                    Flush256(dcell * i * (one - g * g))
                        .StoreUnsafe(ref dRow, (nuint)(2 * units + j));
                    Flush256(dhv * t * o * (one - o)).StoreUnsafe(ref dRow, (nuint)(3 * units + j));
                    Flush256(dcell * f).StoreUnsafe(ref dcn, (nuint)j);
                }
            }
            var gateRow = gates.Slice(b * width, width);
            var dGateRow = dGates.Slice(b * width, width);
            for (; j < units - rest; j++)
            {
                float i = gateRow[j],
                    f = gateRow[units + j],
                    g = gateRow[2 * units + j],
                    o = gateRow[3 * units + j];
                float t = tanhC[s + j];
                float dcell = MathF.FusedMultiplyAdd(dh[s + j] * o, 1 - t * t, dc[s + j]);
                dGateRow[j] = Flush(dcell * g * i * (1 - i));
                dGateRow[units + j] = Flush(dcell * cPrev[s + j] * f * (1 - f));
                dGateRow[2 * units + j] = Flush(dcell * i * (1 - g * g));
                dGateRow[3 * units + j] = Flush(dh[s + j] * t * o * (1 - o));
                dc[s + j] = Flush(dcell * f);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Load512(ref float start, int offset) =>
        Vector512.LoadUnsafe(ref start, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Load256(ref float start, int offset) =>
        Vector256.LoadUnsafe(ref start, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Flush512(Vector512<float> x) =>
        Vector512.ConditionalSelect(
            Vector512.GreaterThanOrEqual(Vector512.Abs(x), Vector512.Create(FlushBelow)),
            x,
            Vector512<float>.Zero
        );

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Flush256(Vector256<float> x) =>
        Vector256.ConditionalSelect(
            Vector256.GreaterThanOrEqual(Vector256.Abs(x), Vector256.Create(FlushBelow)),
            x,
            Vector256<float>.Zero
        );
}
