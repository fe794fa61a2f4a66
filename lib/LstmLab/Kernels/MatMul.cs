using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace LstmLab.Kernels;

/// <summary>Which micro-kernel runs the product; every path gives bit-identical results.</summary>
internal enum MatMulPath
{
    /// <summary>4 × 4 tiles of MathF.FusedMultiplyAdd: any CPU.</summary>
    Scalar,

    /// <summary>8 × 8 tiles of Vector128 FMAs: Arm64 NEON.</summary>
    Vector128,

    /// <summary>6 × 16 tiles of Vector256 FMAs: AVX2 + FMA.</summary>
    Vector256,

    /// <summary>8 × 32 tiles of Vector512 FMAs: AVX-512.</summary>
    Vector512,
}

/// <summary>
/// The matrix product every layer uses. Row-major, BLAS sgemm semantics:
/// C (m,n) = [C +] op(A) (m,k) · op(B) (k,n).
/// </summary>
/// <remarks>
/// Packed, register-blocked and cache-blocked (see <see cref="MatMulBlocked"/>); large products
/// are split over up to <see cref="Threading.MaxThreads"/> threads in whole tiles. Each element
/// of C is one chain of fused multiply-adds over k (grouped in depth blocks that depend on k
/// only), so results are bit-identical for any thread count and any <see cref="MatMulPath"/>.
/// A B reused by many products (the recurrent weights) can be packed once with
/// <see cref="MatMulPackedB"/>; per-step products then ran 0–35% faster (most at small batches).
/// Inputs are assumed to be normal numbers: .NET cannot flush denormals to zero, and a
/// product that meets denormals runs up to 200× slower.
/// </remarks>
internal static class MatMul
{
    /// <summary>The fastest path this CPU runs.</summary>
    public static MatMulPath BestPath { get; } =
        Vector512.IsHardwareAccelerated ? MatMulPath.Vector512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? MatMulPath.Vector256
        : AdvSimd.Arm64.IsSupported ? MatMulPath.Vector128
        : MatMulPath.Scalar;

    /// <summary>
    /// Multiply-adds (m·n·k) each thread must get before a second thread is used: about 50 µs
    /// of work per thread, so a product is split only above ~100 µs (where PERF-NOTES measured
    /// two threads to start paying off).
    /// </summary>
    public const long MinMultiplyAddsPerThread = 2_500_000;

    /// <summary>
    /// A is (m,k) with row stride <paramref name="lda"/>, or (k,m) when <paramref name="transA"/>;
    /// B is (k,n) with row stride <paramref name="ldb"/>, or (n,k) when <paramref name="transB"/>;
    /// C is (m,n) with row stride <paramref name="ldc"/>; it is overwritten unless <paramref name="accumulate"/>.
    /// The result depends only on the inputs, never on thread timing. C must not overlap A or B.
    /// </summary>
    /// <exception cref="ArgumentException">A size is negative, a leading dimension is shorter than its row, or a span is too short.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    ) =>
        Gemm(
            transA,
            transB,
            m,
            n,
            k,
            a,
            lda,
            b,
            ldb,
            c,
            ldc,
            accumulate,
            BestPath,
            Threading.Available,
            MinMultiplyAddsPerThread
        );

    /// <summary>
    /// <see cref="Gemm(bool, bool, int, int, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, Span{float}, int, bool)"/>
    /// on a chosen <paramref name="path"/>, with at most <paramref name="maxThreads"/> threads,
    /// each given at least <paramref name="minMultiplyAddsPerThread"/> multiply-adds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Gemm(
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
        bool accumulate,
        MatMulPath path,
        int maxThreads,
        long minMultiplyAddsPerThread
    )
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentException(
                $"MatMul.Gemm: sizes must not be negative, got m={m}, n={n}, k={k}."
            );
        if (m == 0 || n == 0)
            return;
        CheckOperand("MatMul.Gemm", "C", c.Length, m, n, ldc, "ldc", "(m,n)", m, n);
        if (k == 0)
        {
            if (!accumulate)
                for (int i = 0; i < m; i++)
                    c.Slice(i * ldc, n).Clear();
            return;
        }
        if (transA)
            CheckOperand("MatMul.Gemm", "A", a.Length, k, m, lda, "lda", "(k,m) (transA)", m, k);
        else
            CheckOperand("MatMul.Gemm", "A", a.Length, m, k, lda, "lda", "(m,k)", m, k);
        if (transB)
            CheckOperand("MatMul.Gemm", "B", b.Length, n, k, ldb, "ldb", "(n,k) (transB)", k, n);
        else
            CheckOperand("MatMul.Gemm", "B", b.Length, k, n, ldb, "ldb", "(k,n)", k, n);

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            var op = new MatMulOperands(
                transA,
                transB,
                m,
                n,
                k,
                pa,
                lda,
                pb,
                ldb,
                pc,
                ldc,
                accumulate
            );
            // one column of a transposed A's product: lanes along m, the bits of every path
            if (MatMulColumn.Fits(op))
                MatMulColumn.Run(op);
            else
                Dispatch(op, path, maxThreads, minMultiplyAddsPerThread);
        }
    }

    /// <summary>
    /// C (m,n) = [C +] op(A) (m,k) · B (k,n) where B was packed once by <paramref name="b"/>:
    /// the same result as the unpacked product, without repacking B on every call (the
    /// recurrent weights at each time step). A and C are as in the unpacked product.
    /// </summary>
    /// <exception cref="ArgumentException">A size is negative, a leading dimension is shorter than its row, or a span is too short.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gemm(
        bool transA,
        int m,
        ReadOnlySpan<float> a,
        int lda,
        MatMulPackedB b,
        Span<float> c,
        int ldc,
        bool accumulate
    ) =>
        Gemm(
            transA,
            m,
            a,
            lda,
            b,
            c,
            ldc,
            accumulate,
            Threading.Available,
            MinMultiplyAddsPerThread
        );

    /// <summary>The packed product with at most <paramref name="maxThreads"/> threads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Gemm(
        bool transA,
        int m,
        ReadOnlySpan<float> a,
        int lda,
        MatMulPackedB b,
        Span<float> c,
        int ldc,
        bool accumulate,
        int maxThreads,
        long minMultiplyAddsPerThread
    )
    {
        int n = b.N;
        int k = b.K;
        if (m < 0)
            throw new ArgumentException($"MatMul.Gemm: m must not be negative, got m={m}.");
        if (m == 0 || n == 0)
            return;
        CheckOperand("MatMul.Gemm", "C", c.Length, m, n, ldc, "ldc", "(m,n)", m, n);
        if (k == 0)
        {
            if (!accumulate)
                for (int i = 0; i < m; i++)
                    c.Slice(i * ldc, n).Clear();
            return;
        }
        if (transA)
            CheckOperand("MatMul.Gemm", "A", a.Length, k, m, lda, "lda", "(k,m) (transA)", m, k);
        else
            CheckOperand("MatMul.Gemm", "A", a.Length, m, k, lda, "lda", "(m,k)", m, k);

        fixed (float* pa = a)
        fixed (float* pc = c)
        {
            var op = new MatMulOperands(
                transA,
                b.TransB,
                m,
                n,
                k,
                pa,
                lda,
                null,
                0,
                pc,
                ldc,
                accumulate,
                b.Panels
            );
            Dispatch(op, b.Path, maxThreads, minMultiplyAddsPerThread);
            // The panels are read through a pointer: keep their owner alive until the end.
            GC.KeepAlive(b);
        }
    }

    /// <summary>NR, the columns of one packed B panel, on each path.</summary>
    internal static int TileColumns(MatMulPath path) =>
        path switch
        {
            MatMulPath.Vector512 => MatMulKernel8x32.Columns,
            MatMulPath.Vector256 => MatMulKernel6x16.Columns,
            MatMulPath.Vector128 => MatMulKernel8x8.Columns,
            _ => MatMulKernelScalar.Columns,
        };

    private static void Dispatch(
        MatMulOperands op,
        MatMulPath path,
        int maxThreads,
        long minMultiplyAddsPerThread
    )
    {
        switch (path)
        {
            case MatMulPath.Vector512:
                Split<MatMulKernel8x32>(op, maxThreads, minMultiplyAddsPerThread);
                break;
            case MatMulPath.Vector256:
                Split<MatMulKernel6x16>(op, maxThreads, minMultiplyAddsPerThread);
                break;
            case MatMulPath.Vector128:
                Split<MatMulKernel8x8>(op, maxThreads, minMultiplyAddsPerThread);
                break;
            default:
                Split<MatMulKernelScalar>(op, maxThreads, minMultiplyAddsPerThread);
                break;
        }
    }

    /// <summary>
    /// Static partition into whole tiles: along the rows when m ≥ n, else along the columns
    /// (the LSTM step has few rows and many columns). Each thread owns its part of C.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Split<TKernel>(
        MatMulOperands op,
        int maxThreads,
        long minMultiplyAddsPerThread
    )
        where TKernel : IMatMulMicroKernel
    {
        bool byRows = op.M >= op.N;
        int length = byRows ? op.M : op.N;
        int unit = byRows ? TKernel.Rows : TKernel.Columns;
        int tiles = (length + unit - 1) / unit;
        long work = (long)op.M * op.N * op.K;
        long affordable = Math.Max(1, work / Math.Max(1, minMultiplyAddsPerThread));
        int threads = (int)Math.Min(Math.Min(maxThreads, tiles), affordable);
        if (threads <= 1)
            MatMulBlocked.Run<TKernel>(op, 0, op.M, 0, op.N);
        else
            RunParts<TKernel>(op, threads, byRows, length, unit, tiles);
    }

    // The parts of a split product, apart from Split so that the closure the threads share is allocated only for a
    // split (C# allocates it where its captured variables begin); a step's product on one thread allocates nothing.
    private static void RunParts<TKernel>(
        MatMulOperands op,
        int threads,
        bool byRows,
        int length,
        int unit,
        int tiles
    )
        where TKernel : IMatMulMicroKernel =>
        ParallelParts.Run(
            threads,
            t =>
            {
                int first = (int)((long)tiles * t / threads) * unit;
                int last = Math.Min(length, (int)((long)tiles * (t + 1) / threads) * unit);
                if (byRows)
                    MatMulBlocked.Run<TKernel>(op, first, last, 0, op.N);
                else
                    MatMulBlocked.Run<TKernel>(op, 0, op.M, first, last);
            }
        );

    /// <summary>
    /// Checks that an operand stored as (rows, cols) with row stride ld fits its span.
    /// </summary>
    internal static void CheckOperand(
        string caller,
        string name,
        int length,
        int rows,
        int cols,
        int ld,
        string ldName,
        string layout,
        int opRows,
        int opCols
    )
    {
        if (ld < cols)
            throw new ArgumentException(
                $"{caller}: {name} is stored {layout} = ({rows},{cols}), so {ldName} must be at least {cols}, got {ldName}={ld}."
            );
        long needed = (long)(rows - 1) * ld + cols;
        if (length < needed)
            throw new ArgumentException(
                $"{caller}: {name} stored {layout} = ({rows},{cols}) with {ldName}={ld} needs {needed} elements, got {length} (op({name}) is ({opRows},{opCols}))."
            );
    }
}
