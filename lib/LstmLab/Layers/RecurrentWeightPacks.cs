using LstmLab.Kernels;

namespace LstmLab.Layers;

/// <summary>
/// weight_hh (G·H, H) of a gated recurrent layer packed for the per-step products: forward h(t-1) · W_hhᵀ, backward
/// dGates · W_hh; one pack for the whole product, or one per gate block when each gate sees its own masked h.
/// Kept for each of the four uses and repacked in place, so training and evaluation batches do not allocate.
/// </summary>
internal sealed class RecurrentWeightPacks(int gateCount)
{
    private readonly MatMulPackedB[]?[] packs = new MatMulPackedB[]?[4]; // by (transB, perGate)

    /// <summary>The packs of <paramref name="weights"/> (G·H, H) for op(B) = W_hhᵀ (<paramref name="transB"/>) or W_hh.</summary>
    public MatMulPackedB[] Pack(ReadOnlySpan<float> weights, int units, bool transB, bool perGate)
    {
        int h = units;
        ref var packed = ref packs[(transB ? 2 : 0) + (perGate ? 1 : 0)];
        if (packed is not null)
        {
            for (int k = 0; k < packed.Length; k++)
                packed[k].Repack(weights.Slice(k * packed[k].K * packed[k].N), h);
            return packed;
        }
        if (!perGate)
            // forward: op(B) = W_hhᵀ (H, G·H); backward: op(B) = W_hh (G·H, H)
            packed =
            [
                transB
                    ? new MatMulPackedB(true, h, gateCount * h, weights, h)
                    : new MatMulPackedB(false, gateCount * h, h, weights, h),
            ];
        else
        {
            packed = new MatMulPackedB[gateCount];
            for (int k = 0; k < gateCount; k++)
                packed[k] = new MatMulPackedB(transB, h, h, weights.Slice(k * h * h), h);
        }
        return packed;
    }
}
