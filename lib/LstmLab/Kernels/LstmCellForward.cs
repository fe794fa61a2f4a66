using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LstmLab.Kernels;

/// <summary>
/// The forward cell in two passes over a row: first every gate's activation, σ over i | f (2H values side by side),
/// tanh over g, σ over o, each value its own chain of about 15 instructions with no other value depending on it; then
/// per unit c = f ⊙ cPrev + i ⊙ g, tanh(c), h = o ⊙ tanh(c). Done unit block by unit block (the four gates, then c and
/// tanh(c), each chain waiting on the one before), the cell ran at about a third of what the FMA units can do: one
/// block's chains were longer than the CPU could look ahead. The operations on each value are the same, so the bits
/// are too.
/// </summary>
internal static partial class LstmCell
{
    /// <summary>
    /// gates (B,4H): on entry x·W_ihᵀ + h·W_hhᵀ without bias; on exit the activated i, f, g, o.
    /// bias (4H) = bias_ih + bias_hh. cPrev, c, h, tanhC are (B,H):
    /// c = f ⊙ cPrev + i ⊙ g, tanhC = tanh(c), h = o ⊙ tanhC.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(
        Span<float> gates,
        ReadOnlySpan<float> bias,
        ReadOnlySpan<float> cPrev,
        Span<float> c,
        Span<float> h,
        Span<float> tanhC,
        int batch,
        int units
    )
    {
        int width = 4 * units;
        for (int b = 0; b < batch; b++)
        {
            var row = gates.Slice(b * width, width);
            int s = b * units;
            Activate(row[..(2 * units)], bias[..(2 * units)], sigmoid: true);
            Activate(row.Slice(2 * units, units), bias.Slice(2 * units, units), sigmoid: false);
            Activate(row.Slice(3 * units, units), bias.Slice(3 * units, units), sigmoid: true);
            States(
                row,
                cPrev.Slice(s, units),
                c.Slice(s, units),
                h.Slice(s, units),
                tanhC.Slice(s, units),
                units
            );
        }
    }

    // x = σ(x + bias) or tanh(x + bias), value by value.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Activate(Span<float> x, ReadOnlySpan<float> bias, bool sigmoid)
    {
        int n = x.Length;
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float bs = ref MemoryMarshal.GetReference(bias);
        int rest = LastBlockRest(n);
        if (rest > 0)
            ActivateLastBlock(ref xs, ref bs, n, LastBlockLanes(rest), sigmoid);
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; j + 16 <= n; j += 16)
            {
                var v = Load512(ref xs, j) + Load512(ref bs, j);
                (sigmoid ? FastMath.Sigmoid(v) : FastMath.Tanh(v)).StoreUnsafe(ref xs, (nuint)j);
            }
        if (Vector256.IsHardwareAccelerated)
            for (; j + 8 <= n; j += 8)
                Activate256(ref xs, ref bs, j, sigmoid).StoreUnsafe(ref xs, (nuint)j);
        for (; j < n - rest; j++)
        {
            float v = x[j] + bias[j];
            x[j] = sigmoid ? FastMath.Sigmoid(v) : FastMath.Tanh(v);
        }
    }

    // From a row's activated gates: c = f ⊙ cPrev + i ⊙ g, tanhC = tanh(c), h = o ⊙ tanhC.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void States(
        Span<float> row,
        ReadOnlySpan<float> cPrev,
        Span<float> c,
        Span<float> h,
        Span<float> tanhC,
        int units
    )
    {
        ref float gs = ref MemoryMarshal.GetReference(row);
        ref float cp = ref MemoryMarshal.GetReference(cPrev);
        ref float cn = ref MemoryMarshal.GetReference(c);
        ref float hn = ref MemoryMarshal.GetReference(h);
        ref float tn = ref MemoryMarshal.GetReference(tanhC);
        int rest = LastBlockRest(units);
        if (rest > 0)
            StatesLastBlock(ref gs, ref cp, ref cn, ref hn, ref tn, units, LastBlockLanes(rest));
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; j + 16 <= units; j += 16)
            {
                var cell = Vector512.FusedMultiplyAdd(
                    Load512(ref gs, units + j),
                    Load512(ref cp, j),
                    Load512(ref gs, j) * Load512(ref gs, 2 * units + j)
                );
                var t = FastMath.Tanh(cell);
                cell.StoreUnsafe(ref cn, (nuint)j);
                t.StoreUnsafe(ref tn, (nuint)j);
                (Load512(ref gs, 3 * units + j) * t).StoreUnsafe(ref hn, (nuint)j);
            }
        if (Vector256.IsHardwareAccelerated)
            for (; j + 8 <= units; j += 8)
            {
                var (cell, t, hv) = States256(ref gs, ref cp, units, j);
                cell.StoreUnsafe(ref cn, (nuint)j);
                t.StoreUnsafe(ref tn, (nuint)j);
                hv.StoreUnsafe(ref hn, (nuint)j);
            }
        for (; j < units - rest; j++)
        {
            float cell = MathF.FusedMultiplyAdd(
                row[units + j],
                cPrev[j],
                row[j] * row[2 * units + j]
            );
            float t = FastMath.Tanh(cell);
            c[j] = cell;
            tanhC[j] = t;
            h[j] = row[3 * units + j] * t;
        }
    }

    // σ or tanh of the 8 values x[j..j+8) + bias[j..j+8).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Activate256(ref float xs, ref float bs, int j, bool sigmoid)
    {
        var v = Load256(ref xs, j) + Load256(ref bs, j);
        return sigmoid ? FastMath.Sigmoid(v) : FastMath.Tanh(v);
    }

    // c, tanh(c) and h of units j..j+8 from a row's activated gates.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (
        Vector256<float> Cell,
        Vector256<float> TanhCell,
        Vector256<float> Hidden
    ) States256(ref float gs, ref float cp, int units, int j)
    {
        var cell = Vector256.FusedMultiplyAdd(
            Load256(ref gs, units + j),
            Load256(ref cp, j),
            Load256(ref gs, j) * Load256(ref gs, 2 * units + j)
        );
        var t = FastMath.Tanh(cell);
        return (cell, t, Load256(ref gs, 3 * units + j) * t);
    }
}
