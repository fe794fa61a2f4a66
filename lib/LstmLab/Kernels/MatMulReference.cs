namespace LstmLab.Kernels;

/// <summary>
/// The plain scalar matrix product, kept as the reference that the fast kernel is tested against.
/// Row-major, BLAS sgemm semantics: C (m,n) = [C +] op(A) (m,k) · op(B) (k,n).
/// </summary>
internal static class MatMulReference
{
    /// <summary>
    /// A is (m,k) with row stride <paramref name="lda"/>, or (k,m) when <paramref name="transA"/>;
    /// B is (k,n) with row stride <paramref name="ldb"/>, or (n,k) when <paramref name="transB"/>;
    /// C is (m,n) with row stride <paramref name="ldc"/>; it is overwritten unless <paramref name="accumulate"/>.
    /// Sums run over k in increasing order, in double precision.
    /// </summary>
    public static void Gemm(
        bool transA,
        bool transB,
        int m,
        int n,
        int k,
        ReadOnlySpan<float> a,
        int lda,
        ReadOnlySpan<float> b,
        int ldb,
        Span<float> c,
        int ldc,
        bool accumulate
    )
    {
        for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
        {
            double sum = accumulate ? c[i * ldc + j] : 0;
            for (int p = 0; p < k; p++)
            {
                float av = transA ? a[p * lda + i] : a[i * lda + p];
                float bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                sum += (double)av * bv;
            }
            c[i * ldc + j] = (float)sum;
        }
    }
}
