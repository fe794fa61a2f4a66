namespace LstmLab.Kernels;

/// <summary>
/// The plain scalar LSTM cell (MathF's exact sigmoid and tanh), kept as the reference that the fused
/// SIMD <see cref="LstmCell"/> is tested against. Same arguments and layout as <see cref="LstmCell"/>.
/// </summary>
internal static class LstmCellReference
{
    /// <summary>
    /// gates (B,4H): on entry x·W_ihᵀ + h·W_hhᵀ without bias; on exit the activated i, f, g, o.
    /// bias (4H) = bias_ih + bias_hh. cPrev, c, h, tanhC are (B,H):
    /// c = f ⊙ cPrev + i ⊙ g, tanhC = tanh(c), h = o ⊙ tanhC.
    /// </summary>
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
            for (int j = 0; j < units; j++)
            {
                float i = Activations.Sigmoid(row[j] + bias[j]);
                float f = Activations.Sigmoid(row[units + j] + bias[units + j]);
                float g = MathF.Tanh(row[2 * units + j] + bias[2 * units + j]);
                float o = Activations.Sigmoid(row[3 * units + j] + bias[3 * units + j]);
                row[j] = i;
                row[units + j] = f;
                row[2 * units + j] = g;
                row[3 * units + j] = o;
                float cell = f * cPrev[s + j] + i * g;
                float t = MathF.Tanh(cell);
                c[s + j] = cell;
                tanhC[s + j] = t;
                h[s + j] = o * t;
            }
        }
    }

    /// <summary>
    /// gates (B,4H) activated i, f, g, o of this step; cPrev, tanhC (B,H) from the forward pass;
    /// dh (B,H) = d loss / d h of this step (from the output and from the next step);
    /// dc (B,H): on entry d loss / d c from the next step, on exit d loss / d cPrev;
    /// dGates (B,4H) receives d loss / d pre-activation of each gate.
    /// </summary>
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
        for (int b = 0; b < batch; b++)
        {
            var row = gates.Slice(b * width, width);
            var dRow = dGates.Slice(b * width, width);
            int s = b * units;
            for (int j = 0; j < units; j++)
            {
                float i = row[j],
                    f = row[units + j],
                    g = row[2 * units + j],
                    o = row[3 * units + j];
                float t = tanhC[s + j];
                // backprop through h = o ⊙ tanh(c) into c, then through c = f ⊙ cPrev + i ⊙ g
                float dcell = dc[s + j] + dh[s + j] * o * (1 - t * t);
                float di = dcell * g * i * (1 - i);
                float df = dcell * cPrev[s + j] * f * (1 - f);
                float dg = dcell * i * (1 - g * g);
                float dout = dh[s + j] * t * o * (1 - o);
                dRow[j] = Flush(di);
                dRow[units + j] = Flush(df);
                dRow[2 * units + j] = Flush(dg);
                dRow[3 * units + j] = Flush(dout);
                dc[s + j] = Flush(dcell * f);
            }
        }
    }

    private static float Flush(float x) => LstmCell.Flush(x);
}
