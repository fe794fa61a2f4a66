using System.Runtime.Intrinsics.X86;
using LstmLab.Kernels;

namespace LstmLab.Tests.Kernels;

/// <summary>The fast matrix product against the scalar reference, on a fixed seed.</summary>
public class MatMulTests
{
    private static readonly int[] EdgeSizes = [1, 7, 13, 31, 33, 65];

    /// <summary>Shapes (m, n, k): every edge size on each axis, plus blocked and LSTM-like ones.</summary>
    private static IEnumerable<(int M, int N, int K)> Shapes()
    {
        foreach (int m in EdgeSizes)
        foreach (int n in EdgeSizes)
        foreach (int k in new[] { 1, 13, 33 })
            yield return (m, n, k);
        yield return (8, 32, 64); // exactly one AVX-512 tile
        yield return (16, 64, 7);
        yield return (32, 128, 32); // LSTM step, B=32, H=32
        yield return (9, 530, 256); // two column blocks of packed B
        yield return (11, 40, 520); // three depth blocks
        yield return (70, 3, 300); // long k, narrow n (a weight gradient)
    }

    public static TheoryData<bool, bool, bool> Cases()
    {
        var data = new TheoryData<bool, bool, bool>();
        foreach (bool transA in new[] { false, true })
        foreach (bool transB in new[] { false, true })
        foreach (bool accumulate in new[] { false, true })
            data.Add(transA, transB, accumulate);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesReferenceOnAllShapes(bool transA, bool transB, bool accumulate)
    {
        var random = new Random(1234);
        foreach (var (m, n, k) in Shapes())
        {
            var p = Problem.Create(random, transA, transB, m, n, k, padding: 0);
            p.AssertFastMatchesReference(accumulate, MatMul.BestPath);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LeadingDimensionsWiderThanRowsAreRespected(
        bool transA,
        bool transB,
        bool accumulate
    )
    {
        // The padding holds NaN: reading it would poison the result; C's padding must stay as it was.
        var random = new Random(99);
        foreach (var (m, n, k) in new[] { (13, 33, 31), (33, 7, 65), (8, 32, 16), (1, 65, 1) })
        {
            var p = Problem.Create(random, transA, transB, m, n, k, padding: 5);
            p.AssertFastMatchesReference(accumulate, MatMul.BestPath);
        }
    }

    [Theory]
    [InlineData(nameof(MatMulPath.Scalar))]
    [InlineData(nameof(MatMulPath.Vector128))]
    [InlineData(nameof(MatMulPath.Vector256))]
    public void OtherPathsMatchTheReferenceAndAreBitIdenticalToTheBestPath(string pathName)
    {
        var path = Enum.Parse<MatMulPath>(pathName);
        var random = new Random(7);
        foreach (bool transA in new[] { false, true })
        foreach (bool transB in new[] { false, true })
        // n = 48 and 40 end in a narrow tile (16 columns) of the 512-bit path, exactly and with a merge; the 512- and
        // 256-bit paths read a non-transposed A's rows in place (m = 13, 65: a last partial strip packed), the others
        // from packed panels
        foreach (
            var (m, n, k) in new[]
            {
                (13, 33, 31),
                (6, 16, 9),
                (65, 17, 300),
                (1, 1, 1),
                (16, 48, 20),
                (24, 40, 70),
            }
        )
        {
            var p = Problem.Create(random, transA, transB, m, n, k, padding: 2);
            float[] other = p.Fast(accumulate: true, path, maxThreads: 1);
            p.AssertClose(other, p.Reference(accumulate: true), accumulate: true, path.ToString());
            float[] best = p.Fast(accumulate: true, MatMul.BestPath, maxThreads: 1);
            Assert.Equal(best, other);
        }
    }

    [Fact]
    public void A_last_strip_of_one_to_five_rows_read_in_place_gives_the_scalar_paths_bits()
    {
        // The 256-bit path computes a last strip of up to 4 rows in place (1–2 rows two panels at a time, 3–4 one), and 5
        // rows as a padded tile; m = 7..11 end in 1..5 rows after a full strip. n = 16 and 48 are whole panels (one,
        // three: a pair and a single), 40 and 200 end in a partial panel; k = 300 is two depth blocks. Packed once
        // (the step products) and packed per call, C overwritten and added to.
        if (!System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated || !Fma.IsSupported)
            return;
        var random = new Random(31);
        foreach (int m in new[] { 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 16, 32 })
        foreach (int n in new[] { 16, 48, 40, 200 })
        foreach (int k in new[] { 9, 300 })
        foreach (bool transB in new[] { false, true })
        foreach (bool accumulate in new[] { false, true })
        {
            var p = Problem.Create(random, false, transB, m, n, k, padding: 3);
            float[] scalar = p.Fast(accumulate, MatMulPath.Scalar, maxThreads: 1);
            p.AssertClose(scalar, p.Reference(accumulate), accumulate, "scalar");
            Assert.Equal(scalar, p.Fast(accumulate, MatMulPath.Vector256, maxThreads: 1));
            var packed = new MatMulPackedB(transB, k, n, p.B, p.Ldb, MatMulPath.Vector256);
            float[] c = (float[])p.C.Clone();
            MatMul.Gemm(false, m, p.A, p.Lda, packed, c, p.Ldc, accumulate, 1, 1);
            Assert.Equal(scalar, c);
        }
    }

    [Theory]
    [InlineData(96, 40, 70, false, true)] // more rows than columns: split by rows
    [InlineData(20, 300, 40, false, true)] // the LSTM step: split by columns
    [InlineData(33, 65, 600, true, false)] // a weight gradient with long k
    [InlineData(130, 129, 31, true, true)]
    public void ResultsAreBitIdenticalForAnyThreadCount(
        int m,
        int n,
        int k,
        bool transA,
        bool transB
    )
    {
        var p = Problem.Create(new Random(5), transA, transB, m, n, k, padding: 1);
        foreach (bool accumulate in new[] { false, true })
        {
            float[] one = p.Fast(accumulate, MatMul.BestPath, maxThreads: 1, minWork: 1);
            for (int threads = 2; threads <= 4; threads++)
                Assert.Equal(one, p.Fast(accumulate, MatMul.BestPath, threads, minWork: 1));
            p.AssertClose(one, p.Reference(accumulate), accumulate, "1 thread");
        }
    }

    [Fact]
    public void TheDefaultEntryPointUsesTheThreadSettingWithoutChangingResults()
    {
        var p = Problem.Create(new Random(11), false, true, 128, 512, 128, padding: 0);
        int saved = Threading.MaxThreads;
        try
        {
            Threading.MaxThreads = 1;
            float[] one = p.Fast(accumulate: true);
            Threading.MaxThreads = 2;
            Assert.Equal(one, p.Fast(accumulate: true));
        }
        finally
        {
            Threading.MaxThreads = saved;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ZeroDepthClearsOrKeepsC(bool accumulate)
    {
        // k = 0: the product is empty, so C becomes 0 (overwrite) or stays (accumulate); padding stays.
        float[] c = [1, 2, 3, 4, 5, 6];
        MatMul.Gemm(false, true, 2, 2, 0, [], 0, [], 0, c, 3, accumulate);
        Assert.Equal(accumulate ? new float[] { 1, 2, 3, 4, 5, 6 } : [0, 0, 3, 0, 0, 6], c);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(4, 0)]
    public void EmptyOutputLeavesEverythingAlone(int m, int n)
    {
        float[] c = [1, 2, 3];
        MatMul.Gemm(false, false, m, n, 3, new float[12], 4, new float[12], 4, c, 3, false);
        Assert.Equal(new float[] { 1, 2, 3 }, c);
    }

    [Fact]
    public void ShortSpansAndNarrowLeadingDimensionsAreRejectedWithTheShape()
    {
        var tooShort = Assert.Throws<ArgumentException>(() =>
            MatMul.Gemm(
                false,
                true,
                2,
                3,
                4,
                new float[7],
                4,
                new float[12],
                4,
                new float[6],
                3,
                false
            )
        );
        Assert.Contains(
            "A stored (m,k) = (2,4) with lda=4 needs 8 elements, got 7",
            tooShort.Message
        );

        var narrow = Assert.Throws<ArgumentException>(() =>
            MatMul.Gemm(
                false,
                false,
                2,
                3,
                4,
                new float[8],
                4,
                new float[12],
                2,
                new float[6],
                3,
                false
            )
        );
        Assert.Contains("ldb must be at least 3, got ldb=2", narrow.Message);

        Assert.Throws<ArgumentException>(() =>
            MatMul.Gemm(false, false, -1, 3, 4, [], 4, [], 3, [], 3, false)
        );
    }

    [Theory]
    [InlineData(nameof(MatMulPath.Scalar))]
    [InlineData(nameof(MatMulPath.Vector128))]
    [InlineData(nameof(MatMulPath.Vector256))]
    [InlineData(nameof(MatMulPath.Vector512))]
    public void A_transposed_A_read_in_place_gives_the_bits_of_a_packed_one(string pathName)
    {
        // dGatesᵀ · h: with C at most 128 columns wide A is read in place (its last strip of fewer rows than a tile
        // packed alone), across several AVX2 panels copied into a panel while the first runs (100 columns); with 200
        // columns A is packed. C's first 16 columns are the same sums every way. 120 rows are whole tiles on every path,
        // 121 and 125 end in a partial strip on each.
        var path = Enum.Parse<MatMulPath>(pathName);
        if (
            path == MatMulPath.Vector512
            && !System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated
        )
            return;
        var random = new Random(21);
        int k = 600,
            wide = 200,
            lda = 125;
        var a = Enumerable.Range(0, k * lda).Select(_ => random.NextSingle() * 2 - 1).ToArray();
        var b = Enumerable.Range(0, k * wide).Select(_ => random.NextSingle() * 2 - 1).ToArray();
        foreach (int m in new[] { 120, 121, 125 })
        {
            var packed = new float[m * wide];
            MatMul.Gemm(true, false, m, wide, k, a, lda, b, wide, packed, wide, false, path, 1, 1);
            foreach (int n in new[] { 16, 100 })
            {
                var inPlace = new float[m * n];
                MatMul.Gemm(true, false, m, n, k, a, lda, b, wide, inPlace, n, false, path, 1, 1);
                for (int i = 0; i < m; i++)
                    Assert.Equal(
                        packed.AsSpan(i * wide, 16).ToArray(),
                        inPlace.AsSpan(i * n, 16).ToArray()
                    );
            }
        }
    }

    [Theory]
    [InlineData(nameof(MatMulPath.Scalar))]
    [InlineData(nameof(MatMulPath.Vector128))]
    [InlineData(nameof(MatMulPath.Vector256))]
    [InlineData(nameof(MatMulPath.Vector512))]
    public void A_one_column_product_of_a_transposed_A_gives_the_bits_of_the_tiled_one(
        string pathName
    )
    {
        // dweight_ih (4H, 1) += dGatesᵀ · x: a contiguous column (ldc = 1) runs in lanes along m; a column with
        // ldc = 2 goes through the tiles. m = 200 is 6 blocks of 32 and one of 8, 7 and 1 only the scalar loop, 31 and
        // 40 both; k = 300 is two depth blocks.
        var path = Enum.Parse<MatMulPath>(pathName);
        if (
            path == MatMulPath.Vector512
            && !System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated
        )
            return;
        var random = new Random(5);
        foreach (int m in new[] { 1, 7, 8, 31, 32, 40, 200 })
        foreach (int k in new[] { 1, 16, 300 })
        foreach (bool transB in new[] { false, true })
        foreach (bool accumulate in new[] { false, true })
        {
            int lda = m + 3;
            var a = Enumerable.Range(0, k * lda).Select(_ => random.NextSingle() * 2 - 1).ToArray();
            var b = Enumerable.Range(0, 2 * k).Select(_ => random.NextSingle() * 2 - 1).ToArray();
            var start = Enumerable
                .Range(0, 2 * m)
                .Select(_ => random.NextSingle() * 2 - 1)
                .ToArray();
            var column = Enumerable.Range(0, m).Select(i => start[2 * i]).ToArray();
            var tiled = (float[])start.Clone();
            int ldb = transB ? k : 2;
            MatMul.Gemm(true, transB, m, 1, k, a, lda, b, ldb, column, 1, accumulate, path, 1, 1);
            MatMul.Gemm(true, transB, m, 1, k, a, lda, b, ldb, tiled, 2, accumulate, path, 1, 1);
            for (int i = 0; i < m; i++)
                Assert.Equal(tiled[2 * i], column[i]);
        }
    }

    [Fact]
    public void MaxThreadsDefaultsToTheProcessorCountAndRejectsZero()
    {
        Assert.InRange(Threading.MaxThreads, 1, Threading.DefaultCap);
        Assert.Throws<ArgumentOutOfRangeException>(() => Threading.MaxThreads = 0);
    }

    /// <summary>
    /// Random operands stored with row stride = width + padding; padding of A and B is NaN,
    /// C starts random (for accumulate) with padding 1e30 that must survive.
    /// </summary>
    private sealed record Problem(
        bool TransA,
        bool TransB,
        int M,
        int N,
        int K,
        float[] A,
        int Lda,
        float[] B,
        int Ldb,
        float[] C,
        int Ldc
    )
    {
        public static Problem Create(
            Random random,
            bool transA,
            bool transB,
            int m,
            int n,
            int k,
            int padding
        )
        {
            var (aRows, aCols) = transA ? (k, m) : (m, k);
            var (bRows, bCols) = transB ? (n, k) : (k, n);
            return new Problem(
                transA,
                transB,
                m,
                n,
                k,
                Filled(random, aRows, aCols, aCols + padding, float.NaN),
                aCols + padding,
                Filled(random, bRows, bCols, bCols + padding, float.NaN),
                bCols + padding,
                Filled(random, m, n, n + padding, 1e30f),
                n + padding
            );
        }

        private static float[] Filled(Random random, int rows, int cols, int ld, float pad)
        {
            var data = new float[Math.Max(0, (rows - 1) * ld + cols)];
            Array.Fill(data, pad);
            for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                data[i * ld + j] = random.NextSingle() * 2 - 1;
            return data;
        }

        public float[] Fast(bool accumulate) =>
            Run(
                accumulate,
                c => MatMul.Gemm(TransA, TransB, M, N, K, A, Lda, B, Ldb, c, Ldc, accumulate)
            );

        public float[] Fast(
            bool accumulate,
            MatMulPath path,
            int maxThreads,
            long minWork = MatMul.MinMultiplyAddsPerThread
        ) =>
            Run(
                accumulate,
                c =>
                    MatMul.Gemm(
                        TransA,
                        TransB,
                        M,
                        N,
                        K,
                        A,
                        Lda,
                        B,
                        Ldb,
                        c,
                        Ldc,
                        accumulate,
                        path,
                        maxThreads,
                        minWork
                    )
            );

        public float[] Reference(bool accumulate) =>
            Run(
                accumulate,
                c =>
                    MatMulReference.Gemm(
                        TransA,
                        TransB,
                        M,
                        N,
                        K,
                        A,
                        Lda,
                        B,
                        Ldb,
                        c,
                        Ldc,
                        accumulate
                    )
            );

        private float[] Run(bool accumulate, Action<float[]> gemm)
        {
            float[] c = (float[])C.Clone();
            gemm(c);
            return c;
        }

        public void AssertFastMatchesReference(bool accumulate, MatMulPath path) =>
            AssertClose(
                Fast(accumulate, path, maxThreads: 1),
                Reference(accumulate),
                accumulate,
                path.ToString()
            );

        /// <summary>|fast − reference| ≤ 1e-5 · (√k · max|a| · max|b| + |C before|), element by element.</summary>
        public void AssertClose(float[] fast, float[] reference, bool accumulate, string what)
        {
            float maxA = MaxAbs(A),
                maxB = MaxAbs(B);
            for (int i = 0; i < M; i++)
            {
                for (int j = 0; j < N; j++)
                {
                    int at = i * Ldc + j;
                    double before = accumulate ? Math.Abs(C[at]) : 0;
                    double tolerance = 1e-5 * (Math.Sqrt(K) * maxA * maxB + before) + 1e-30;
                    double error = Math.Abs((double)fast[at] - reference[at]);
                    if (!(error <= tolerance))
                        Assert.Fail(
                            $"{what} {Describe(accumulate)}: C[{i},{j}] = {fast[at]}, reference {reference[at]}, error {error:G3} > {tolerance:G3}."
                        );
                }
                for (int j = N; j < Ldc && i * Ldc + j < C.Length; j++)
                    Assert.True(
                        fast[i * Ldc + j] == 1e30f,
                        $"{what} {Describe(accumulate)}: C padding [{i},{j}] was overwritten."
                    );
            }
        }

        private string Describe(bool accumulate) =>
            $"m={M} n={N} k={K} transA={TransA} transB={TransB} lda={Lda} ldb={Ldb} ldc={Ldc} accumulate={accumulate}";

        private static float MaxAbs(float[] data)
        {
            float max = 0;
            foreach (float x in data)
                if (!float.IsNaN(x))
                    max = Math.Max(max, Math.Abs(x));
            return max;
        }
    }
}
