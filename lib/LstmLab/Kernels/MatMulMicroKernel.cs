namespace LstmLab.Kernels;

/// <summary>
/// A register-blocked tile of the matrix product: C tile (Rows, Columns) = [C +] Σp a(p)·b(p)ᵀ
/// over packed panels. Every element's sum is one chain of fused multiply-adds in increasing p,
/// starting from zero, so all implementations give bit-identical results.
/// </summary>
internal interface IMatMulMicroKernel
{
    /// <summary>MR: rows of C per tile, the length of one step of the packed A panel.</summary>
    static abstract int Rows { get; }

    /// <summary>NR: columns of C per tile, the length of one step of the packed B panel.</summary>
    static abstract int Columns { get; }

    /// <summary>
    /// a holds the Rows values of A for each depth, the next depth <paramref name="aStride"/> floats on (Rows in a
    /// packed panel); b the Columns values of B for each depth, the next <paramref name="bStride"/> floats on
    /// (Columns in a packed panel); c is the full (Rows, Columns) tile with row stride ldc. Stores the sum, or adds it
    /// to C when <paramref name="add"/>. The strides change where values are read, never the sums.
    /// </summary>
    static abstract unsafe void Run(
        int kc,
        float* a,
        int aStride,
        float* b,
        int bStride,
        float* c,
        int ldc,
        bool add
    );

    /// <summary>
    /// Columns of a narrower tile for the last columns of C, when they fill at most that many (0: none): the full tile
    /// would multiply padding. Its sums are the same chains, so the same bits.
    /// </summary>
    static virtual int NarrowColumns => 0;

    /// <summary>
    /// <see cref="Run"/> for a (Rows, <see cref="NarrowColumns"/>) tile: the first NarrowColumns of each depth's values
    /// of B are read, the next depth <paramref name="bStride"/> floats on.
    /// </summary>
    static virtual unsafe void RunNarrow(
        int kc,
        float* a,
        int aStride,
        float* b,
        int bStride,
        float* c,
        int ldc,
        bool add
    ) => throw new NotSupportedException("This micro-kernel has no narrow tile.");

    /// <summary>Whether the kernel has <see cref="RunPacking"/>.</summary>
    static virtual bool PacksWhileRunning => false;

    /// <summary>
    /// <see cref="Run"/> that also copies each depth's Rows values of A into <paramref name="panel"/> (Rows apart, as a
    /// packed panel), so that the next tiles of the strip read them from there: the same sums, so the same bits.
    /// </summary>
    static virtual unsafe void RunPacking(
        int kc,
        float* a,
        int aStride,
        float* b,
        int bStride,
        float* c,
        int ldc,
        bool add,
        float* panel
    ) => throw new NotSupportedException("This micro-kernel does not pack A while it runs.");

    /// <summary>
    /// Whether the kernel reads a non-transposed A (m, k) in place through <see cref="RunRows"/>, instead of from a
    /// panel packed each call (a step's h(t−1), x(t) and dGates, packed at every step before).
    /// </summary>
    static virtual bool ReadsRows => false;

    /// <summary>
    /// <see cref="Run"/> with tile row r at depth p read from a[r·<paramref name="lda"/> + p]: the same sums in the same
    /// order, so the same bits.
    /// </summary>
    static virtual unsafe void RunRows(
        int kc,
        float* a,
        int lda,
        float* b,
        int bStride,
        float* c,
        int ldc,
        bool add
    ) => throw new NotSupportedException("This micro-kernel reads A from packed panels only.");

    /// <summary>
    /// The most rows of a last, partial strip that <see cref="RunRowsEdge"/> computes with A read in place (0: none; such
    /// a strip is then packed and run as a padded full tile).
    /// </summary>
    static virtual int EdgeRows => 0;

    /// <summary>
    /// A partial strip of <paramref name="rows"/> ≤ <see cref="EdgeRows"/> rows, A read as in <see cref="RunRows"/>,
    /// across <paramref name="panels"/> full packed panels of B, panel q at b + q·<paramref name="panelStride"/>: C rows
    /// [0, rows) × columns [0, panels·Columns). The same sums in the same order, so the same bits.
    /// </summary>
    static virtual unsafe void RunRowsEdge(
        int rows,
        int panels,
        int kc,
        float* a,
        int lda,
        float* b,
        int panelStride,
        float* c,
        int ldc,
        bool add
    ) => throw new NotSupportedException("This micro-kernel has no edge strip.");

    /// <summary><see cref="RunNarrow"/> with A read as in <see cref="RunRows"/>.</summary>
    static virtual unsafe void RunRowsNarrow(
        int kc,
        float* a,
        int lda,
        float* b,
        int bStride,
        float* c,
        int ldc,
        bool add
    ) => throw new NotSupportedException("This micro-kernel reads A from packed panels only.");
}
