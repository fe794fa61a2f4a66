namespace LstmLab.Kernels;

/// <summary>
/// The weight gradient of a layer over all steps and samples: dW (m, n) += Aᵀ (m, rows) · B (rows, n),
/// where rows = T·B is long and m, n are small. Splitting such a product by its output leaves each thread
/// streaming the whole of A and B; here the sum over rows is split instead: each thread sums its own
/// contiguous run of rows into a buffer of its own, and the buffers are added to dW in part order, so the
/// result depends only on the thread count.
/// </summary>
internal static class WeightGradient
{
    /// <summary>
    /// A is (rows, m) with row stride <paramref name="lda"/>; B is (rows, n) with stride <paramref name="ldb"/>; C is
    /// (m, n) with stride <paramref name="ldc"/>.
    /// </summary>
    public static void Accumulate(
        ReadOnlyMemory<float> a,
        int lda,
        ReadOnlyMemory<float> b,
        int ldb,
        Memory<float> c,
        int ldc,
        int m,
        int n,
        int rows
    )
    {
        long work = (long)m * n * rows;
        int parts = (int)Math.Min(Threading.Available, work / MatMul.MinMultiplyAddsPerThread);
        if (parts <= 1)
        {
            MatMul.Gemm(true, false, m, n, rows, a.Span, lda, b.Span, ldb, c.Span, ldc, true);
            return;
        }
        int size = m * n;
        if (partials.Length < parts * size)
            partials = AlignedFloats.Allocate(parts * size);
        var sums = partials;
        ParallelParts.Run(
            parts,
            part =>
            {
                int first = (int)((long)rows * part / parts);
                int last = (int)((long)rows * (part + 1) / parts);
                MatMul.Gemm(
                    true,
                    false,
                    m,
                    n,
                    last - first,
                    a.Span[(first * lda)..],
                    lda,
                    b.Span[(first * ldb)..],
                    ldb,
                    sums.AsSpan(part * size, size),
                    n,
                    false
                );
            }
        );
        for (int part = 0; part < parts; part++)
        for (int i = 0; i < m; i++)
        {
            var row = c.Span.Slice(i * ldc, n);
            Elementwise.Add(row, sums.AsSpan(part * size + i * n, n), row);
        }
    }

    // The parts' sums (parts, m, n), kept per calling thread (Bidirectional runs its two directions' gradients at
    // once); a kept buffer, not ArrayPool's, whose float instantiation the JIT compiles on first use (about 5 ms).
    [ThreadStatic]
    private static AlignedFloats partials;
}
