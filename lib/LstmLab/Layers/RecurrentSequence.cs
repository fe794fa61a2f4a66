using LstmLab.Kernels;
using LstmLab.Tensors;

namespace LstmLab.Layers;

/// <summary>
/// The sequence plumbing every recurrent layer (<see cref="Lstm"/>, <see cref="Gru"/>, <see cref="SimpleRnn"/>) shares
/// around its cell: the layers keep their states time-major, (T+1, B, H) with h0 first, so that each step reads
/// one contiguous block; these turn them into the (B, T, H) or (B, H) output, bring the output gradient back in
/// step by step, and turn the time-major input gradient into (B, T, F).
/// </summary>
internal static class RecurrentSequence
{
    /// <summary>Copies an initial state (B, H) into <paramref name="first"/>, or zeros when null; a wrong shape names the layer.</summary>
    public static void CopyInitialState(
        Tensor? state,
        Span<float> first,
        int batch,
        int units,
        Layer layer,
        string what
    )
    {
        if (state is null)
        {
            first.Clear();
            return;
        }
        if (state.Rank != 2 || state.Shape[0] != batch || state.Shape[1] != units)
            throw new ShapeMismatchException(
                $"{layer.GetType().Name} layer '{layer.Name}': the {what} must be ({batch}, {units}), got {Tensor.Format(state.Shape)}."
            );
        state.Span.CopyTo(first);
    }

    /// <summary>
    /// The output of a layer that runs its steps in one part (<see cref="SimpleRnn"/>) from hidden (T+1, B, H): every
    /// step's h as (B, T, H) with <paramref name="returnSequences"/>,
    /// else the last one (B, H); written into <paramref name="buffer"/> when it has that shape.
    /// </summary>
    public static Tensor Output(
        Tensor? buffer,
        ReadOnlySpan<float> hidden,
        int batch,
        int steps,
        int units,
        bool returnSequences
    )
    {
        int b = batch,
            t = steps,
            h = units;
        if (returnSequences)
        {
            var sequence = Layer.Reuse(buffer, b, t, h);
            Transpose.SwapLeadingAxes(hidden.Slice(b * h, t * b * h), sequence.Span, t, b, h);
            return sequence;
        }
        var last = Layer.Reuse(buffer, b, h);
        hidden.Slice(t * b * h, b * h).CopyTo(last.Span);
        return last;
    }

    /// <summary>
    /// Writes h(s) of batch rows start..start+count-1 (<paramref name="stepHidden"/>, (count, H)) into their step s of the
    /// output <paramref name="sequence"/> (B, T, H), as the step loop makes it.
    /// </summary>
    public static void WriteStep(
        ReadOnlySpan<float> stepHidden,
        Span<float> sequence,
        int start,
        int step,
        int steps,
        int units
    )
    {
        int h = units,
            rows = stepHidden.Length / h;
        for (int r = 0; r < rows; r++)
            stepHidden.Slice(r * h, h).CopyTo(sequence.Slice(((start + r) * steps + step) * h, h));
    }

    /// <summary>Throws unless the output gradient has the shape of the last forward pass's output.</summary>
    public static void CheckOutputGradient(Tensor outputGradient, Tensor? output, Layer layer)
    {
        if (output is null || !outputGradient.Shape.AsSpan().SequenceEqual(output.Shape))
            throw new ShapeMismatchException(
                $"{layer.GetType().Name} layer '{layer.Name}': the output gradient has shape {Tensor.Format(outputGradient.Shape)}, "
                    + $"but the last forward pass produced {Tensor.Format(output?.Shape ?? [])}."
            );
    }

    /// <summary>
    /// d loss / d h(s) for batch rows start..start+count-1: <paramref name="carried"/> (from step s+1, (count, H)) plus
    /// the output gradient of step s (every step with <paramref name="returnSequences"/>, else only the last),
    /// written to <paramref name="total"/> (count, H). outputGradient is (B, T, H) or (B, H).
    /// </summary>
    public static void StepGradient(
        ReadOnlySpan<float> carried,
        ReadOnlySpan<float> outputGradient,
        Span<float> total,
        int start,
        int count,
        int step,
        int steps,
        int units,
        bool returnSequences
    )
    {
        int h = units;
        carried.CopyTo(total);
        if (returnSequences)
            for (int r = 0; r < count; r++)
            {
                var dst = total.Slice(r * h, h);
                Elementwise.Add(
                    dst,
                    outputGradient.Slice(((start + r) * steps + step) * h, h),
                    dst
                );
            }
        else if (step == steps - 1)
            Elementwise.Add(total, outputGradient.Slice(start * h, count * h), total);
    }

    /// <summary>d loss / d x (B, T, F) from its time-major (T, B, F) form, written into <paramref name="buffer"/> when it has that shape.</summary>
    public static Tensor InputGradient(
        Tensor? buffer,
        ReadOnlySpan<float> timeMajor,
        int batch,
        int steps,
        int features
    )
    {
        var gradient = Layer.Reuse(buffer, batch, steps, features);
        Transpose.SwapLeadingAxes(timeMajor, gradient.Span, steps, batch, features);
        return gradient;
    }
}
