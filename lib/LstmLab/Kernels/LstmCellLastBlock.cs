using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LstmLab.Kernels;

/// <summary>
/// The values of a row after its last whole 8-lane block (H = 50: units 48 and 49), by the 8-lane block that ends there
/// (units 42..49), run before the row's other blocks so that it reads their inputs unchanged; it keeps only its last
/// lanes and writes the others back as they were. A scalar tail did them one by one, with the same instructions per
/// unit as a block's per 8: at H = 50 a quarter of the cell's time. The lanes compute the scalar formulas, so the bits
/// are the same.
/// </summary>
internal static partial class LstmCell
{
    // How many units of a row the last block does: H mod 8 when a block fits (H > 8) and the CPU has 256-bit vectors.
    private static int LastBlockRest(int units) =>
        Vector256.IsHardwareAccelerated && units > 8 ? units % 8 : 0;

    // All ones in the last `rest` lanes.
    private static Vector256<float> LastBlockLanes(int rest) =>
        Vector256
            .GreaterThanOrEqual(
                Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7),
                Vector256.Create(8 - rest)
            )
            .AsSingle();

    // x's last 8 values as in Activate, keeping the kept lanes' results and the others' inputs.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ActivateLastBlock(
        ref float xs,
        ref float bs,
        int n,
        Vector256<float> keep,
        bool sigmoid
    )
    {
        int j = n - 8;
        Store(ref xs, j, Activate256(ref xs, ref bs, j, sigmoid), keep);
    }

    // The last 8 units' states as in States; the lanes not kept are written back as they were.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StatesLastBlock(
        ref float gs,
        ref float cp,
        ref float cn,
        ref float hn,
        ref float tn,
        int units,
        Vector256<float> keep
    )
    {
        int j = units - 8;
        var (cell, t, hv) = States256(ref gs, ref cp, units, j);
        Store(ref cn, j, cell, keep);
        Store(ref tn, j, t, keep);
        Store(ref hn, j, hv, keep);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BackwardLastBlock(
        ref float row,
        ref float dRow,
        ref float cp,
        ref float tn,
        ref float dhn,
        ref float dcn,
        int units,
        Vector256<float> keep
    )
    {
        int j = units - 8;
        var one = Vector256<float>.One;
        var i = Load256(ref row, j);
        var f = Load256(ref row, units + j);
        var g = Load256(ref row, 2 * units + j);
        var o = Load256(ref row, 3 * units + j);
        var t = Load256(ref tn, j);
        var dhv = Load256(ref dhn, j);
        var dcNext = Load256(ref dcn, j);
        var dcell = Vector256.FusedMultiplyAdd(dhv * o, one - t * t, dcNext);
        Store(ref dRow, j, Flush256(dcell * g * i * (one - i)), keep);
        Store(ref dRow, units + j, Flush256(dcell * Load256(ref cp, j) * f * (one - f)), keep);
        Store(ref dRow, 2 * units + j, Flush256(dcell * i * (one - g * g)), keep);
        Store(ref dRow, 3 * units + j, Flush256(dhv * t * o * (one - o)), keep);
        Vector256
            .ConditionalSelect(keep, Flush256(dcell * f), dcNext)
            .StoreUnsafe(ref dcn, (nuint)j);
    }

    // The kept lanes of value at start + offset; the other lanes as they were.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(
        ref float start,
        int offset,
        Vector256<float> value,
        Vector256<float> keep
    ) =>
        Vector256
            .ConditionalSelect(keep, value, Load256(ref start, offset))
            .StoreUnsafe(ref start, (nuint)offset);
}
