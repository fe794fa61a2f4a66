using LstmLab.Kernels;

namespace LstmLab.Layers;

/// <summary>
/// The products of a gated recurrent layer (<see cref="Lstm"/>: 4 gates, <see cref="Gru"/>: 3) that cover all steps at
/// once: the input projection before the step loop, and the weight gradients and d loss / d x after it. Rows are
/// T·B time-major; each gate's block of G·H columns is H wide. With Keras's dropout, gate k sees its inputs
/// times its own mask k, so each product is split into one per gate; empty masks mean no dropout.
/// </summary>
internal static class GateProjections
{
    /// <summary>
    /// gates (T·B, G·H) = inputs (T·B, F) · weight_ihᵀ (F, G·H); with <paramref name="masks"/> (G, B, F) gate k uses
    /// inputs ⊙ mask_k (<paramref name="scratch"/> holds the masked copy).
    /// </summary>
    public static void Forward(
        ReadOnlySpan<float> inputs,
        ReadOnlySpan<float> weightIh,
        Span<float> gates,
        int rows,
        int features,
        int units,
        int gateCount,
        ReadOnlySpan<float> masks,
        Span<float> scratch
    )
    {
        int f = features,
            h = units,
            width = gateCount * h;
        if (masks.IsEmpty)
        {
            MatMul.Gemm(false, true, rows, width, f, inputs, f, weightIh, f, gates, width, false);
            return;
        }
        int maskSize = masks.Length / gateCount;
        for (int k = 0; k < gateCount; k++)
        {
            // gate k: (inputs ⊙ mask_k) · W_ih[k]ᵀ into columns kH..(k+1)H
            Masks.Apply(inputs[..(rows * f)], masks.Slice(k * maskSize, maskSize), scratch);
            MatMul.Gemm(
                false,
                true,
                rows,
                h,
                f,
                scratch,
                f,
                weightIh[(k * h * f)..],
                f,
                gates[(k * h)..],
                width,
                false
            );
        }
    }

    /// <summary>
    /// weightGradient (G·H, W) += gradientsᵀ (G·H, T·B) · source (T·B, W): the weight gradient of all steps at once
    /// (source is x for weight_ih, h(t-1) for weight_hh); with <paramref name="masks"/> (G, B, W) gate k's block uses
    /// source ⊙ mask_k. <paramref name="scratch"/> (T·B, W) holds the masked copy.
    /// </summary>
    public static void WeightGradient(
        ReadOnlyMemory<float> gradients,
        ReadOnlyMemory<float> source,
        Memory<float> weightGradient,
        int rows,
        int width,
        int units,
        int gateCount,
        ReadOnlyMemory<float> masks,
        Memory<float> scratch
    )
    {
        int h = units,
            gates = gateCount * h;
        if (masks.IsEmpty)
        {
            Kernels.WeightGradient.Accumulate(
                gradients,
                gates,
                source,
                width,
                weightGradient,
                width,
                gates,
                width,
                rows
            );
            return;
        }
        int maskSize = masks.Length / gateCount;
        for (int k = 0; k < gateCount; k++)
        {
            Masks.Apply(
                source.Span[..(rows * width)],
                masks.Span.Slice(k * maskSize, maskSize),
                scratch.Span
            );
            Kernels.WeightGradient.Accumulate(
                gradients[(k * h)..],
                gates,
                scratch,
                width,
                weightGradient[(k * h * width)..],
                width,
                h,
                width,
                rows
            );
        }
    }

    /// <summary>
    /// xGradient (T·B, F) = gradients (T·B, G·H) · weight_ih (G·H, F); with <paramref name="masks"/> (G, B, F) the sum over
    /// gates of (gradients_k · W_ih[k]) ⊙ mask_k. <paramref name="scratch"/> (T·B, F) holds each gate's part.
    /// </summary>
    public static void InputGradient(
        ReadOnlySpan<float> gradients,
        ReadOnlySpan<float> weightIh,
        Span<float> xGradient,
        int rows,
        int features,
        int units,
        int gateCount,
        ReadOnlySpan<float> masks,
        Span<float> scratch
    )
    {
        int f = features,
            h = units,
            gates = gateCount * h;
        if (masks.IsEmpty)
        {
            MatMul.Gemm(
                false,
                false,
                rows,
                f,
                gates,
                gradients,
                gates,
                weightIh,
                f,
                xGradient,
                f,
                false
            );
            return;
        }
        xGradient.Clear();
        int maskSize = masks.Length / gateCount;
        for (int k = 0; k < gateCount; k++)
        {
            MatMul.Gemm(
                false,
                false,
                rows,
                f,
                h,
                gradients[(k * h)..],
                gates,
                weightIh[(k * h * f)..],
                f,
                scratch,
                f,
                false
            );
            Masks.MultiplyAdd(
                scratch[..(rows * f)],
                masks.Slice(k * maskSize, maskSize),
                xGradient
            );
        }
    }
}
