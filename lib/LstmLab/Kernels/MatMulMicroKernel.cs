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
}
