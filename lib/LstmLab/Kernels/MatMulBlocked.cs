using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LstmLab.Kernels;

/// <summary>
/// The operands of one product, pinned: op(A) (M,K) · op(B) (K,N) into C (M,N). When
/// <see cref="PackedB"/> is set, B is already packed (see <see cref="MatMulPackedB"/>) and
/// B, Ldb and TransB are unused.
/// </summary>
internal readonly unsafe struct MatMulOperands(
    bool transA,
    bool transB,
    int m,
    int n,
    int k,
    float* a,
    int lda,
    float* b,
    int ldb,
    float* c,
    int ldc,
    bool accumulate,
    float* packedB = null
)
{
    public readonly bool TransA = transA;
    public readonly bool TransB = transB;
    public readonly int M = m;
    public readonly int N = n;
    public readonly int K = k;
    public readonly float* A = a;
    public readonly int Lda = lda;
    public readonly float* B = b;
    public readonly int Ldb = ldb;
    public readonly float* C = c;
    public readonly int Ldc = ldc;
    public readonly bool Accumulate = accumulate;
    public readonly float* PackedB = packedB;
}

/// <summary>
/// The cache-blocked loops around a micro-kernel (the BLIS loops): for each column block
/// (nc columns of B, packed into L2) and each depth block (kc), for each row block (mc rows of
/// A, packed unless the kernel reads it in place), for each MR-row strip of it (stays in L1), walk along the C row
/// through all NR panels.
/// With K small (LSTM steps) this keeps the A strip hot and streams B, which measured 3× faster
/// than walking down C columns.
/// </summary>
internal static unsafe class MatMulBlocked
{
    /// <summary>KC: the longest depth block; the A strip (MR, KC) then fills a quarter of L1.</summary>
    public const int MaxDepthBlock = 256;

    /// <summary>MC: rows of A packed at once; (MC, KC) is 128 KiB, beside packed B in L2.</summary>
    private const int MaxRowBlock = 128;

    /// <summary>A transposed A is read in place, unpacked, when C has at most this many columns (4 AVX-512 tiles, 8 AVX2 ones).</summary>
    private const int InPlaceAMaxColumns = 128;

    /// <summary>Floats of packed B per thread (512 KiB): half of a 1–2 MiB L2.</summary>
    private const int PackedBFloats = 128 * 1024;

    [ThreadStatic]
    private static float[]? t_packedA;

    [ThreadStatic]
    private static float[]? t_packedB;

    /// <summary>
    /// The depth block used for k: k split into equal blocks of at most <see cref="MaxDepthBlock"/>.
    /// It depends on k alone, so every element's sum is grouped the same way on any thread.
    /// </summary>
    public static int DepthBlock(int k)
    {
        if (k <= MaxDepthBlock)
            return Math.Max(1, k);
        int blocks = (k + MaxDepthBlock - 1) / MaxDepthBlock;
        return (k + blocks - 1) / blocks;
    }

    /// <summary>Computes rows [i0, i1) × columns [j0, j1) of C; i0 and j0 are multiples of the tile size.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TKernel>(MatMulOperands op, int i0, int i1, int j0, int j1)
        where TKernel : IMatMulMicroKernel
    {
        int mr = TKernel.Rows;
        int nr = TKernel.Columns;
        int kStep = DepthBlock(op.K);
        int ncMax = Math.Max(nr, PackedBFloats / kStep / nr * nr);
        int mcMax = MaxRowBlock / mr * mr;
        float* packedA = Rent(ref t_packedA, mcMax * MaxDepthBlock);
        float* packedB = op.PackedB == null ? Rent(ref t_packedB, PackedBFloats) : null;
        int paddedN = (op.N + nr - 1) / nr * nr;
        float* tile = stackalloc float[mr * nr];
        // A stored (k, m) already holds each depth's rows side by side, as the kernel reads them: read it in place when
        // a packed copy would serve few column tiles (the weight gradients dGatesᵀ · h, where packing A cost about as
        // much as the product), or, with a kernel that packs while it runs, copy it into a panel during the strip's first
        // tile (below); a last strip of fewer than mr rows is packed alone, as the kernel reads mr. Same sums in the
        // same order, so the same bits.
        bool inPlaceA = op.TransA && op.N <= InPlaceAMaxColumns;
        // A stored (m, k) is read in place row by row where the kernel can (the step products' h(t−1), x(t) and dGates,
        // copied into panels at every step before); a last strip of up to TKernel.EdgeRows rows too (RunRowsEdge), one of
        // more rows than that but fewer than mr is packed alone
        bool rowsInPlace = !op.TransA && TKernel.ReadsRows;

        for (int jc = j0; jc < j1; jc += ncMax)
        {
            int nc = Math.Min(ncMax, j1 - jc);
            for (int pc = 0; pc < op.K; pc += kStep)
            {
                int kc = Math.Min(kStep, op.K - pc);
                bool add = op.Accumulate || pc > 0;
                float* bBlock;
                if (op.PackedB != null)
                    bBlock = op.PackedB + (nint)pc * paddedN + (nint)jc * kc;
                else
                {
                    PackB(op, pc, kc, jc, nc, nr, packedB);
                    bBlock = packedB;
                }
                for (int ic = i0; ic < i1; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, i1 - ic);
                    if (!inPlaceA && !rowsInPlace)
                        PackA(op, ic, mc, pc, kc, mr, packedA);
                    for (int ir = 0; ir < mc; ir += mr)
                    {
                        int rows = Math.Min(mr, mc - ir);
                        float* a = packedA + (nint)ir * kc;
                        int aStride = mr;
                        bool fromRows = false;
                        float* cRow = op.C + (nint)(ic + ir) * op.Ldc + jc;
                        int jStart = 0;
                        bool packWhileRunning = false;
                        if (inPlaceA && rows == mr)
                        {
                            a = op.A + (nint)pc * op.Lda + ic + ir;
                            aStride = op.Lda;
                            // across several panels, a kernel that can copies the strip into a panel while it runs the
                            // first: read in place, the strip's depths lie a row of A apart (2 KiB for 4H = 512), in few
                            // L1 sets, and came back from L2 for every panel
                            packWhileRunning = TKernel.PacksWhileRunning && nc > nr;
                        }
                        else if (rowsInPlace && rows == mr)
                        {
                            a = op.A + (nint)(ic + ir) * op.Lda + pc;
                            aStride = op.Lda;
                            fromRows = true;
                        }
                        else if (rowsInPlace && rows <= TKernel.EdgeRows)
                        {
                            // a last strip of few rows, in place across the full panels; a last partial panel packs it
                            int panels = nc / nr;
                            TKernel.RunRowsEdge(
                                rows,
                                panels,
                                kc,
                                op.A + (nint)(ic + ir) * op.Lda + pc,
                                op.Lda,
                                bBlock,
                                kc * nr,
                                cRow,
                                op.Ldc,
                                add
                            );
                            jStart = panels * nr;
                            if (jStart < nc)
                                PackA(op, ic + ir, rows, pc, kc, mr, a);
                        }
                        else if (inPlaceA || rowsInPlace)
                            PackA(op, ic + ir, rows, pc, kc, mr, a);
                        for (int jr = jStart; jr < nc; jr += nr)
                        {
                            int cols = Math.Min(nr, nc - jr);
                            float* b = bBlock + (nint)jr * kc;
                            if (packWhileRunning)
                            {
                                // the first (full) panel; the rest read the strip from the panel it leaves
                                float* panel = packedA + (nint)ir * kc;
                                TKernel.RunPacking(
                                    kc,
                                    a,
                                    aStride,
                                    b,
                                    nr,
                                    cRow + jr,
                                    op.Ldc,
                                    add,
                                    panel
                                );
                                a = panel;
                                aStride = mr;
                                packWhileRunning = false;
                            }
                            else if (rows == mr && cols == nr)
                                Full<TKernel>(fromRows, kc, a, aStride, b, cRow + jr, op.Ldc, add);
                            else if (rows == mr && cols == TKernel.NarrowColumns)
                                Narrow<TKernel>(
                                    fromRows,
                                    kc,
                                    a,
                                    aStride,
                                    b,
                                    cRow + jr,
                                    op.Ldc,
                                    add
                                );
                            else if (rows == mr && cols < TKernel.NarrowColumns)
                            {
                                // the last columns fill less than a narrow tile: compute it aside
                                Narrow<TKernel>(fromRows, kc, a, aStride, b, tile, nr, false);
                                Merge(tile, nr, cRow + jr, op.Ldc, rows, cols, add);
                            }
                            else
                            {
                                // Edge tile: compute the full padded tile aside, keep the valid part.
                                Full<TKernel>(fromRows, kc, a, aStride, b, tile, nr, false);
                                Merge(tile, nr, cRow + jr, op.Ldc, rows, cols, add);
                            }
                        }
                    }
                }
            }
        }
    }

    // One full tile, A from a panel (or a transposed A in place) or, fromRows, from A's rows in place.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Full<TKernel>(
        bool fromRows,
        int kc,
        float* a,
        int aStride,
        float* b,
        float* c,
        int ldc,
        bool add
    )
        where TKernel : IMatMulMicroKernel
    {
        if (fromRows)
            TKernel.RunRows(kc, a, aStride, b, TKernel.Columns, c, ldc, add);
        else
            TKernel.Run(kc, a, aStride, b, TKernel.Columns, c, ldc, add);
    }

    // One narrow tile, A read as in Full.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Narrow<TKernel>(
        bool fromRows,
        int kc,
        float* a,
        int aStride,
        float* b,
        float* c,
        int ldc,
        bool add
    )
        where TKernel : IMatMulMicroKernel
    {
        if (fromRows)
            TKernel.RunRowsNarrow(kc, a, aStride, b, TKernel.Columns, c, ldc, add);
        else
            TKernel.RunNarrow(kc, a, aStride, b, TKernel.Columns, c, ldc, add);
    }

    /// <summary>Packs op(A) rows [ic, ic + rows) × depth [pc, pc + kc) as (kc, mr) panels.</summary>
    private static void PackA(
        MatMulOperands op,
        int ic,
        int rows,
        int pc,
        int kc,
        int mr,
        float* panels
    )
    {
        if (op.TransA)
            MatMulPacking.CopyPanels(op.A + (nint)pc * op.Lda + ic, op.Lda, rows, mr, kc, panels);
        else
            MatMulPacking.TransposePanels(
                op.A + (nint)ic * op.Lda + pc,
                op.Lda,
                rows,
                mr,
                kc,
                panels
            );
    }

    /// <summary>Packs op(B) depth [pc, pc + kc) × columns [j, j + cols) as (kc, nr) panels.</summary>
    private static void PackB(
        MatMulOperands op,
        int pc,
        int kc,
        int j,
        int cols,
        int nr,
        float* panels
    )
    {
        if (op.TransB)
            MatMulPacking.TransposePanels(
                op.B + (nint)j * op.Ldb + pc,
                op.Ldb,
                cols,
                nr,
                kc,
                panels
            );
        else
            MatMulPacking.CopyPanels(op.B + (nint)pc * op.Ldb + j, op.Ldb, cols, nr, kc, panels);
    }

    private static void Merge(float* tile, int nr, float* c, int ldc, int rows, int cols, bool add)
    {
        for (int r = 0; r < rows; r++)
        {
            float* cr = c + (nint)r * ldc;
            float* tr = tile + r * nr;
            int j = 0;
            // lane by lane the same additions as the scalar loop below
            if (Vector512.IsHardwareAccelerated)
                for (; j + 16 <= cols; j += 16)
                {
                    var sum = Vector512.Load(tr + j);
                    (add ? Vector512.Load(cr + j) + sum : sum).Store(cr + j);
                }
            if (Vector256.IsHardwareAccelerated)
                for (; j + 8 <= cols; j += 8)
                {
                    var sum = Vector256.Load(tr + j);
                    (add ? Vector256.Load(cr + j) + sum : sum).Store(cr + j);
                }
            for (; j < cols; j++)
                cr[j] = add ? cr[j] + tr[j] : tr[j];
        }
    }

    /// <summary>
    /// This thread's packing buffer, allocated once on the pinned heap (so the pointer stays
    /// valid) and aligned to a 64-byte cache line.
    /// </summary>
    private static float* Rent(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length + 16)
            buffer = GC.AllocateUninitializedArray<float>(length + 16, pinned: true);
        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (float*)((start + 63) & ~(nint)63);
    }
}
