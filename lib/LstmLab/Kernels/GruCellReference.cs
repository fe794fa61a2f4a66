namespace LstmLab.Kernels;

/// <summary>
/// The plain scalar GRU cell (MathF's exact sigmoid and tanh), kept as the reference that the fused
/// SIMD <see cref="GruCell"/> is tested against. Same arguments and layout as <see cref="GruCell"/>.
/// </summary>
internal static class GruCellReference
{
    /// <summary>
    /// gates (B,3H): on entry x·W_ihᵀ without bias; on exit the activated r, z, n.
    /// recurrent (B,3H) = h(t-1)·W_hhᵀ without bias. hPrev, hn, h are (B,H):
    /// r = σ(x_r + b_ir + h_r + b_hr), z = σ(x_z + b_iz + h_z + b_hz), hn = h_n + b_hn,
    /// n = tanh(x_n + b_in + r ⊙ hn), h = (1 - z) ⊙ n + z ⊙ hPrev.
    /// </summary>
    public static void Forward(
        Span<float> gates,
        ReadOnlySpan<float> recurrent,
        ReadOnlySpan<float> biasIh,
        ReadOnlySpan<float> biasHh,
        ReadOnlySpan<float> hPrev,
        Span<float> hn,
        Span<float> h,
        int batch,
        int units
    )
    {
        int width = 3 * units;
        for (int b = 0; b < batch; b++)
        {
            var row = gates.Slice(b * width, width);
            var rec = recurrent.Slice(b * width, width);
            int s = b * units;
            for (int j = 0; j < units; j++)
            {
                int zj = units + j,
                    nj = 2 * units + j;
                float r = Activations.Sigmoid(row[j] + biasIh[j] + rec[j] + biasHh[j]);
                float z = Activations.Sigmoid(row[zj] + biasIh[zj] + rec[zj] + biasHh[zj]);
                float hnv = rec[nj] + biasHh[nj];
                float n = MathF.Tanh(row[nj] + biasIh[nj] + r * hnv);
                row[j] = r;
                row[zj] = z;
                row[nj] = n;
                hn[s + j] = hnv;
                h[s + j] = (1 - z) * n + z * hPrev[s + j];
            }
        }
    }

    /// <summary>
    /// gates (B,3H) activated r, z, n and hn, hPrev (B,H) from the forward pass; dh (B,H) = d loss / d h.
    /// Writes dInput, dRecurrent (B,3H) and the direct part dhPrev (B,H) of d loss / d h(t-1), as <see cref="GruCell.Backward"/>.
    /// </summary>
    public static void Backward(
        ReadOnlySpan<float> gates,
        ReadOnlySpan<float> hn,
        ReadOnlySpan<float> hPrev,
        ReadOnlySpan<float> dh,
        Span<float> dInput,
        Span<float> dRecurrent,
        Span<float> dhPrev,
        int batch,
        int units
    )
    {
        int width = 3 * units;
        for (int b = 0; b < batch; b++)
        {
            var row = gates.Slice(b * width, width);
            var dIn = dInput.Slice(b * width, width);
            var dRec = dRecurrent.Slice(b * width, width);
            int s = b * units;
            for (int j = 0; j < units; j++)
            {
                int zj = units + j,
                    nj = 2 * units + j;
                float r = row[j],
                    z = row[zj],
                    n = row[nj];
                // h = (1 - z) n + z hPrev
                float dnOut = dh[s + j] * (1 - z);
                float dzOut = dh[s + j] * (hPrev[s + j] - n);
                float dn = dnOut * (1 - n * n);
                float dz = dzOut * z * (1 - z);
                // n = tanh(x_n + r ⊙ hn): d r = dn ⊙ hn, d hn = dn ⊙ r
                float dr = dn * hn[s + j] * r * (1 - r);
                dIn[j] = Flush(dr);
                dIn[zj] = Flush(dz);
                dIn[nj] = Flush(dn);
                dRec[j] = Flush(dr);
                dRec[zj] = Flush(dz);
                dRec[nj] = Flush(dn * r);
                dhPrev[s + j] = Flush(dh[s + j] * z);
            }
        }
    }

    private static float Flush(float x) => LstmCell.Flush(x);
}
