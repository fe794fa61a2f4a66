using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LstmLab.Kernels;

/// <summary>
/// The fused element-wise part of one GRU step (PyTorch's nn.GRU, Keras's reset_after), forward and
/// backward side by side: one pass over a row adds both biases, applies σ/tanh, combines the reset gate
/// with the recurrent candidate, updates h and keeps what backward needs. Rows of (B, 3H) hold
/// r | z | n, H values each. Vector512 where the CPU has it, else Vector256, with a scalar tail that
/// uses the same <see cref="FastMath"/> formulas; <see cref="GruCellReference"/> is the plain version.
/// </summary>
internal static class GruCell
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
        int width = 3 * units,
            n2 = 2 * units;
        for (int b = 0; b < batch; b++)
        {
            ref float row = ref gates[b * width];
            ref float rec = ref Unsafe.AsRef(in recurrent[b * width]);
            ref float bi = ref Unsafe.AsRef(in biasIh[0]);
            ref float bh = ref Unsafe.AsRef(in biasHh[0]);
            int s = b * units;
            ref float hp = ref Unsafe.AsRef(in hPrev[s]);
            ref float hnRow = ref hn[s];
            ref float hRow = ref h[s];
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; j + 16 <= units; j += 16)
                {
                    var r = FastMath.Sigmoid(
                        Load512(ref row, j)
                            + Load512(ref bi, j)
                            + Load512(ref rec, j)
                            + Load512(ref bh, j)
                    );
                    var z = FastMath.Sigmoid(
                        Load512(ref row, units + j)
                            + Load512(ref bi, units + j)
                            + Load512(ref rec, units + j)
                            + Load512(ref bh, units + j)
                    );
                    var hnv = Load512(ref rec, n2 + j) + Load512(ref bh, n2 + j);
                    var n = FastMath.Tanh(
                        Vector512.FusedMultiplyAdd(
                            r,
                            hnv,
                            Load512(ref row, n2 + j) + Load512(ref bi, n2 + j)
                        )
                    );
                    r.StoreUnsafe(ref row, (nuint)j);
                    z.StoreUnsafe(ref row, (nuint)(units + j));
                    n.StoreUnsafe(ref row, (nuint)(n2 + j));
                    hnv.StoreUnsafe(ref hnRow, (nuint)j);
                    // (1 - z) n + z hPrev = n + z (hPrev - n)
                    Vector512
                        .FusedMultiplyAdd(z, Load512(ref hp, j) - n, n)
                        .StoreUnsafe(ref hRow, (nuint)j);
                }
            else if (Vector256.IsHardwareAccelerated)
                for (; j + 8 <= units; j += 8)
                {
                    var r = FastMath.Sigmoid(
                        Load256(ref row, j)
                            + Load256(ref bi, j)
                            + Load256(ref rec, j)
                            + Load256(ref bh, j)
                    );
                    var z = FastMath.Sigmoid(
                        Load256(ref row, units + j)
                            + Load256(ref bi, units + j)
                            + Load256(ref rec, units + j)
                            + Load256(ref bh, units + j)
                    );
                    var hnv = Load256(ref rec, n2 + j) + Load256(ref bh, n2 + j);
                    var n = FastMath.Tanh(
                        Vector256.FusedMultiplyAdd(
                            r,
                            hnv,
                            Load256(ref row, n2 + j) + Load256(ref bi, n2 + j)
                        )
                    );
                    r.StoreUnsafe(ref row, (nuint)j);
                    z.StoreUnsafe(ref row, (nuint)(units + j));
                    n.StoreUnsafe(ref row, (nuint)(n2 + j));
                    hnv.StoreUnsafe(ref hnRow, (nuint)j);
                    Vector256
                        .FusedMultiplyAdd(z, Load256(ref hp, j) - n, n)
                        .StoreUnsafe(ref hRow, (nuint)j);
                }
            var gateRow = gates.Slice(b * width, width);
            var recRow = recurrent.Slice(b * width, width);
            for (; j < units; j++)
            {
                float r = FastMath.Sigmoid(gateRow[j] + biasIh[j] + recRow[j] + biasHh[j]);
                float z = FastMath.Sigmoid(
                    gateRow[units + j] + biasIh[units + j] + recRow[units + j] + biasHh[units + j]
                );
                float hnv = recRow[n2 + j] + biasHh[n2 + j];
                float n = FastMath.Tanh(
                    MathF.FusedMultiplyAdd(r, hnv, gateRow[n2 + j] + biasIh[n2 + j])
                );
                gateRow[j] = r;
                gateRow[units + j] = z;
                gateRow[n2 + j] = n;
                hn[s + j] = hnv;
                h[s + j] = MathF.FusedMultiplyAdd(z, hPrev[s + j] - n, n);
            }
        }
    }

    /// <summary>
    /// gates (B,3H) activated r, z, n and hn, hPrev (B,H) of this step from the forward pass;
    /// dh (B,H) = d loss / d h of this step (from the output and from the next step).
    /// Writes dInput (B,3H) = d loss / d (x·W_ihᵀ + b_ih) per gate, dRecurrent (B,3H) = d loss / d (h·W_hhᵀ + b_hh)
    /// per gate (the n block is the input one times r), and dhPrev (B,H) = the direct part dh ⊙ z of
    /// d loss / d h(t-1) (the caller adds dRecurrent · W_hh). Values below <see cref="LstmCell.FlushBelow"/> are written as zero.
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
        int width = 3 * units,
            n2 = 2 * units;
        for (int b = 0; b < batch; b++)
        {
            ref float row = ref Unsafe.AsRef(in gates[b * width]);
            ref float dIn = ref dInput[b * width];
            ref float dRec = ref dRecurrent[b * width];
            int s = b * units;
            ref float hnRow = ref Unsafe.AsRef(in hn[s]);
            ref float hp = ref Unsafe.AsRef(in hPrev[s]);
            ref float dhRow = ref Unsafe.AsRef(in dh[s]);
            ref float dhp = ref dhPrev[s];
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                var one = Vector512<float>.One;
                for (; j + 16 <= units; j += 16)
                {
                    var r = Load512(ref row, j);
                    var z = Load512(ref row, units + j);
                    var n = Load512(ref row, n2 + j);
                    var dhv = Load512(ref dhRow, j);
                    // through h = n + z (hPrev - n) into n and z, then through the activations
                    var dn = Flush512(dhv * (one - z) * (one - n * n));
                    var dz = Flush512(dhv * (Load512(ref hp, j) - n) * z * (one - z));
                    var dr = Flush512(dn * Load512(ref hnRow, j) * r * (one - r));
                    dr.StoreUnsafe(ref dIn, (nuint)j);
                    dz.StoreUnsafe(ref dIn, (nuint)(units + j));
                    dn.StoreUnsafe(ref dIn, (nuint)(n2 + j));
                    dr.StoreUnsafe(ref dRec, (nuint)j);
                    dz.StoreUnsafe(ref dRec, (nuint)(units + j));
                    Flush512(dn * r).StoreUnsafe(ref dRec, (nuint)(n2 + j));
                    Flush512(dhv * z).StoreUnsafe(ref dhp, (nuint)j);
                }
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                var one = Vector256<float>.One;
                for (; j + 8 <= units; j += 8)
                {
                    var r = Load256(ref row, j);
                    var z = Load256(ref row, units + j);
                    var n = Load256(ref row, n2 + j);
                    var dhv = Load256(ref dhRow, j);
                    var dn = Flush256(dhv * (one - z) * (one - n * n));
                    var dz = Flush256(dhv * (Load256(ref hp, j) - n) * z * (one - z));
                    var dr = Flush256(dn * Load256(ref hnRow, j) * r * (one - r));
                    dr.StoreUnsafe(ref dIn, (nuint)j);
                    dz.StoreUnsafe(ref dIn, (nuint)(units + j));
                    dn.StoreUnsafe(ref dIn, (nuint)(n2 + j));
                    dr.StoreUnsafe(ref dRec, (nuint)j);
                    dz.StoreUnsafe(ref dRec, (nuint)(units + j));
                    Flush256(dn * r).StoreUnsafe(ref dRec, (nuint)(n2 + j));
                    Flush256(dhv * z).StoreUnsafe(ref dhp, (nuint)j);
                }
            }
            var gateRow = gates.Slice(b * width, width);
            var dInRow = dInput.Slice(b * width, width);
            var dRecRow = dRecurrent.Slice(b * width, width);
            for (; j < units; j++)
            {
                float r = gateRow[j],
                    z = gateRow[units + j],
                    n = gateRow[n2 + j];
                float dhv = dh[s + j];
                float dn = LstmCell.Flush(dhv * (1 - z) * (1 - n * n));
                float dz = LstmCell.Flush(dhv * (hPrev[s + j] - n) * z * (1 - z));
                float dr = LstmCell.Flush(dn * hn[s + j] * r * (1 - r));
                dInRow[j] = dr;
                dInRow[units + j] = dz;
                dInRow[n2 + j] = dn;
                dRecRow[j] = dr;
                dRecRow[units + j] = dz;
                dRecRow[n2 + j] = LstmCell.Flush(dn * r);
                dhPrev[s + j] = LstmCell.Flush(dhv * z);
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
            Vector512.GreaterThanOrEqual(Vector512.Abs(x), Vector512.Create(LstmCell.FlushBelow)),
            x,
            Vector512<float>.Zero
        );

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Flush256(Vector256<float> x) =>
        Vector256.ConditionalSelect(
            Vector256.GreaterThanOrEqual(Vector256.Abs(x), Vector256.Create(LstmCell.FlushBelow)),
            x,
            Vector256<float>.Zero
        );
}
