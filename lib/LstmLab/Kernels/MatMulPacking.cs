using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LstmLab.Kernels;

/// <summary>
/// Copies strips of a matrix into the k-major panels a micro-kernel reads: each panel is
/// (kc, width), panel[p·width + r] = element r of the strip at depth p, and zero past the
/// matrix edge, so the kernel always runs full tiles. All four transpose cases reduce to these
/// two copies.
/// </summary>
internal static unsafe class MatMulPacking
{
    /// <summary>
    /// Strips run along stored rows: count values from each of kc rows go into panels of width
    /// values, panel q at panels + q·width·kc holding panel[p·width + r] = src[p·ld + q·width + r].
    /// Used for A when transposed (A is (k,m)) and for B when not (B is (k,n)); reading whole
    /// rows keeps the reads sequential.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CopyPanels(float* src, int ld, int count, int width, int kc, float* panels)
    {
        // Eight rows at a time: each panel then receives whole cache lines, whatever its stride.
        for (int p0 = 0; p0 < kc; p0 += 8)
        {
            int p1 = Math.Min(kc, p0 + 8);
            for (int start = 0; start < count; start += width)
            {
                int valid = Math.Min(width, count - start);
                for (int p = p0; p < p1; p++)
                {
                    float* s = src + (nint)p * ld + start;
                    float* d = panels + (nint)start * kc + (nint)p * width;
                    int r = 0;
                    if (Vector512.IsHardwareAccelerated)
                        for (; r + 16 <= valid; r += 16)
                            Vector512.Load(s + r).Store(d + r);
                    if (Vector256.IsHardwareAccelerated)
                        for (; r + 8 <= valid; r += 8)
                            Vector256.Load(s + r).Store(d + r);
                    if (width == 6 && valid == 6)
                    {
                        CopyStrip6(s, d);
                        continue;
                    }
                    for (; r < valid; r++)
                        d[r] = s[r];
                    for (; r < width; r++)
                        d[r] = 0;
                }
            }
        }
    }

    /// <summary>
    /// One depth of an AVX2 A strip: 6 values as 4 and 2 (a 64-bit copy, the same bits), in place of 6 scalar copies.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyStrip6(float* src, float* dst)
    {
        Vector128.Load(src).Store(dst);
        *(long*)(dst + 4) = *(long*)(src + 4);
    }

    /// <summary>
    /// Strips run across stored rows: panel q at panels + q·width·kc holds
    /// panel[p·width + r] = src[(q·width + r)·ld + p], for count rows in all.
    /// Used for A when not transposed (A is (m,k)) and for B when transposed (B is (n,k)).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransposePanels(
        float* src,
        int ld,
        int count,
        int width,
        int kc,
        float* panels
    )
    {
        for (int start = 0; start < count; start += width)
            TransposePanel(
                src + (nint)start * ld,
                ld,
                Math.Min(width, count - start),
                width,
                kc,
                panels + (nint)start * kc
            );
    }

    /// <summary>
    /// One panel: panel[p·width + r] = src[r·ld + p] for r &lt; count, zero beyond. A transpose,
    /// done in 8 × 8 AVX blocks because scalar packing costs almost as much as a small product: 8 panel lanes at a time
    /// (width is a multiple of 8, or less than 8 as AVX2's 6-row A strips), the rows past count read as zeros.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposePanel(
        float* src,
        int ld,
        int count,
        int width,
        int kc,
        float* panel
    )
    {
        if (!Avx.IsSupported)
        {
            for (int p = 0; p < kc; p++)
            for (int r = 0; r < width; r++)
                panel[(nint)p * width + r] = r < count ? src[(nint)r * ld + p] : 0;
            return;
        }
        var keep = Vector256
            .LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(width))
            .AsSingle();
        for (int r = 0; r < width; r += 8)
        {
            float* s = src + (nint)r * ld;
            float* d = panel + r;
            int rows = count - r;
            int p = 0;
            for (; p + 8 <= kc; p += 8)
                Transpose8x8(
                    Row(s + p, ld, 0, rows),
                    Row(s + p, ld, 1, rows),
                    Row(s + p, ld, 2, rows),
                    Row(s + p, ld, 3, rows),
                    Row(s + p, ld, 4, rows),
                    Row(s + p, ld, 5, rows),
                    Row(s + p, ld, 6, rows),
                    Row(s + p, ld, 7, rows),
                    d + (nint)p * width,
                    width,
                    width < 8 && p + 8 == kc,
                    keep
                );
            for (; p < kc; p++)
            for (int i = 0; i < Math.Min(8, width); i++)
                d[(nint)p * width + i] = i < rows ? s[(nint)i * ld + p] : 0;
        }
    }

    /// <summary>Row i's 8 values from s, or zeros past the first rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Row(float* s, int ld, int i, int rows) =>
        i < rows ? Avx.LoadVector256(s + (nint)i * ld) : Vector256<float>.Zero;

    /// <summary>
    /// d[i·dstride + j] = row j's value i for an 8 × 8 block, in registers. With dstride &lt; 8 each of d's rows is
    /// stored as 8 values that the next row's store overwrites, and the last row's spill lands where the next block or
    /// the scalar tail writes after it; at the panel's end (<paramref name="maskLast"/>) the last row stores only the
    /// lanes set in lastRow (a masked store, slow on AMD, so only there).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(
        Vector256<float> r0,
        Vector256<float> r1,
        Vector256<float> r2,
        Vector256<float> r3,
        Vector256<float> r4,
        Vector256<float> r5,
        Vector256<float> r6,
        Vector256<float> r7,
        float* d,
        int dstride,
        bool maskLast,
        Vector256<float> lastRow
    )
    {
        // Interleave pairs of rows, then pairs of pairs, then swap 128-bit halves.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1);
        Vector256<float> t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3);
        Vector256<float> t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5);
        Vector256<float> t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7);
        Vector256<float> t7 = Avx.UnpackHigh(r6, r7);

        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44);
        Vector256<float> u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44);
        Vector256<float> u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44);
        Vector256<float> u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44);
        Vector256<float> u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(d + dstride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(d + 2 * (nint)dstride, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(d + 3 * (nint)dstride, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(d + 4 * (nint)dstride, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(d + 5 * (nint)dstride, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(d + 6 * (nint)dstride, Avx.Permute2x128(u2, u6, 0x31));
        if (maskLast)
            Avx.MaskStore(d + 7 * (nint)dstride, lastRow, Avx.Permute2x128(u3, u7, 0x31));
        else
            Avx.Store(d + 7 * (nint)dstride, Avx.Permute2x128(u3, u7, 0x31));
    }
}
