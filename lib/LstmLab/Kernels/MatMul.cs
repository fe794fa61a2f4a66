using System.Numerics.Tensors;

namespace LstmLab.Kernels;

/// <summary>
/// The matrix product every layer uses. Row-major, BLAS sgemm semantics:
/// C (m,n) = [C +] op(A) (m,k) · op(B) (k,n).
/// </summary>
internal static class MatMul
{
    /// <summary>
    /// A is (m,k) with row stride <paramref name="lda"/>, or (k,m) when <paramref name="transA"/>;
    /// B is (k,n) with row stride <paramref name="ldb"/>, or (n,k) when <paramref name="transB"/>;
    /// C is (m,n) with row stride <paramref name="ldc"/>; it is overwritten unless <paramref name="accumulate"/>.
    /// The result depends only on the inputs, never on thread timing.
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
        if (m == 0 || n == 0)
            return;
        for (int i = 0; i < m; i++)
        {
            Span<float> cRow = c.Slice(i * ldc, n);
            if (!accumulate)
                cRow.Clear();
            if (transB)
            {
                // C[i,j] += dot(A row i, B row j): both contiguous when A is not transposed.
                for (int j = 0; j < n; j++)
                {
                    float sum = 0;
                    if (!transA)
                        sum = TensorPrimitives.Dot(a.Slice(i * lda, k), b.Slice(j * ldb, k));
                    else
                        for (int p = 0; p < k; p++)
                            sum += a[p * lda + i] * b[j * ldb + p];
                    cRow[j] += sum;
                }
            }
            else
            {
                // C row i += A[i,p] · B row p, a vectorized axpy along n.
                for (int p = 0; p < k; p++)
                {
                    float av = transA ? a[p * lda + i] : a[i * lda + p];
                    if (av != 0)
                        TensorPrimitives.MultiplyAdd(b.Slice(p * ldb, n), av, cRow, cRow);
                }
            }
        }
    }
}
