using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LstmLab.Kernels;

/// <summary>
/// op(B) (k,n) packed once into the panels the micro-kernel reads, for a B that many products
/// reuse: the recurrent weights W_hh at every time step. Call <see cref="Repack"/> after B
/// changes (after each optimizer update). Products with it give bit-identical results to the
/// unpacked <see cref="MatMul.Gemm(bool, bool, int, int, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, Span{float}, int, bool)"/>.
/// </summary>
/// <remarks>
/// Layout: depth blocks of <see cref="MatMulBlocked.DepthBlock"/> rows one after another; block
/// p0 (kc rows) starts at p0·paddedN and holds paddedN / NR panels of (kc, NR), column j at
/// p0·paddedN + j·kc, zero beyond column n.
/// </remarks>
internal sealed unsafe class MatMulPackedB
{
    private readonly float[] _buffer;
    private readonly int _offset;

    /// <summary>Packs B: (k,n) with row stride ldb, or (n,k) when <paramref name="transB"/> (a weight matrix).</summary>
    /// <exception cref="ArgumentException">A size is negative, ldb is shorter than a row, or b is too short.</exception>
    public MatMulPackedB(bool transB, int k, int n, ReadOnlySpan<float> b, int ldb)
        : this(transB, k, n, b, ldb, MatMul.BestPath) { }

    /// <summary>Packs B for the micro-kernel of <paramref name="path"/>.</summary>
    internal MatMulPackedB(
        bool transB,
        int k,
        int n,
        ReadOnlySpan<float> b,
        int ldb,
        MatMulPath path
    )
    {
        if (k < 0 || n < 0)
            throw new ArgumentException(
                $"MatMulPackedB: sizes must not be negative, got k={k}, n={n}."
            );
        TransB = transB;
        K = k;
        N = n;
        Path = path;
        int nr = MatMul.TileColumns(path);
        PaddedN = (n + nr - 1) / nr * nr;
        // Pinned and aligned to a cache line, so the panels can be read through a pointer.
        _buffer = GC.AllocateUninitializedArray<float>(k * PaddedN + 16, pinned: true);
        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_buffer));
        _offset = (int)((((start + 63) & ~(nint)63) - start) / sizeof(float));
        Repack(b, ldb);
    }

    /// <summary>True when B was given as (n,k).</summary>
    public bool TransB { get; }

    /// <summary>Rows of op(B): the depth of the product.</summary>
    public int K { get; }

    /// <summary>Columns of op(B) and of C.</summary>
    public int N { get; }

    internal MatMulPath Path { get; }

    /// <summary>n rounded up to whole panels.</summary>
    internal int PaddedN { get; }

    internal float* Panels => (float*)Unsafe.AsPointer(ref _buffer[_offset]);

    /// <summary>Packs new values of B, with the same shape and layout as before.</summary>
    /// <exception cref="ArgumentException">ldb is shorter than a row, or b is too short.</exception>
    public void Repack(ReadOnlySpan<float> b, int ldb)
    {
        if (K == 0 || N == 0)
            return;
        if (TransB)
            MatMul.CheckOperand(
                "MatMulPackedB",
                "B",
                b.Length,
                N,
                K,
                ldb,
                "ldb",
                "(n,k) (transB)",
                K,
                N
            );
        else
            MatMul.CheckOperand("MatMulPackedB", "B", b.Length, K, N, ldb, "ldb", "(k,n)", K, N);
        int nr = MatMul.TileColumns(Path);
        int kStep = MatMulBlocked.DepthBlock(K);
        fixed (float* pb = b)
        {
            for (int pc = 0; pc < K; pc += kStep)
            {
                int kc = Math.Min(kStep, K - pc);
                float* block = Panels + (nint)pc * PaddedN;
                if (TransB)
                    MatMulPacking.TransposePanels(pb + pc, ldb, N, nr, kc, block);
                else
                    MatMulPacking.CopyPanels(pb + (nint)pc * ldb, ldb, N, nr, kc, block);
            }
        }
    }
}
