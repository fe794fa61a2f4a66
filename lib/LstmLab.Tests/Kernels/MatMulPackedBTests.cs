using LstmLab.Kernels;

namespace LstmLab.Tests.Kernels;

/// <summary>Products with B packed once must equal the unpacked product bit for bit.</summary>
public class MatMulPackedBTests
{
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
    public void PackedProductEqualsTheUnpackedOne(bool transA, bool transB, bool accumulate)
    {
        var random = new Random(21);
        foreach (
            var (m, n, k) in new[]
            {
                (1, 1, 1),
                (13, 33, 31),
                (32, 128, 32),
                (7, 65, 300),
                (20, 600, 40),
            }
        )
        {
            var (a, lda) = Operand(random, transA ? k : m, transA ? m : k, padding: 2);
            var (b, ldb) = Operand(random, transB ? n : k, transB ? k : n, padding: 3);
            var (c, ldc) = Operand(random, m, n, padding: 1);
            foreach (string pathName in Enum.GetNames<MatMulPath>())
            {
                var path = Enum.Parse<MatMulPath>(pathName);
                float[] expected = (float[])c.Clone();
                MatMul.Gemm(
                    transA,
                    transB,
                    m,
                    n,
                    k,
                    a,
                    lda,
                    b,
                    ldb,
                    expected,
                    ldc,
                    accumulate,
                    path,
                    1,
                    1
                );
                var packed = new MatMulPackedB(transB, k, n, b, ldb, path);
                float[] actual = (float[])c.Clone();
                MatMul.Gemm(transA, m, a, lda, packed, actual, ldc, accumulate, maxThreads: 1, 1);
                Assert.True(
                    expected.AsSpan().SequenceEqual(actual),
                    $"{path} m={m} n={n} k={k} transA={transA} transB={transB} accumulate={accumulate}"
                );
                float[] threaded = (float[])c.Clone();
                MatMul.Gemm(transA, m, a, lda, packed, threaded, ldc, accumulate, maxThreads: 3, 1);
                Assert.Equal(expected, threaded);
            }
        }
    }

    [Fact]
    public void RepackPicksUpNewWeights()
    {
        var random = new Random(3);
        var (a, _) = Operand(random, 16, 24, padding: 0);
        var (w1, _) = Operand(random, 40, 24, padding: 0);
        var (w2, _) = Operand(random, 40, 24, padding: 0);
        var packed = new MatMulPackedB(transB: true, k: 24, n: 40, w1, ldb: 24);
        packed.Repack(w2, 24);

        float[] expected = new float[16 * 40];
        MatMul.Gemm(false, true, 16, 40, 24, a, 24, w2, 24, expected, 40, false);
        float[] actual = new float[16 * 40];
        MatMul.Gemm(false, 16, a, 24, packed, actual, 40, false);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ZeroDepthClearsOrKeepsC()
    {
        var packed = new MatMulPackedB(transB: true, k: 0, n: 2, [], ldb: 0);
        float[] c = [1, 2, 3, 4];
        MatMul.Gemm(false, 2, [], 0, packed, c, 2, accumulate: true);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, c);
        MatMul.Gemm(false, 2, [], 0, packed, c, 2, accumulate: false);
        Assert.Equal(new float[] { 0, 0, 0, 0 }, c);
    }

    [Fact]
    public void ShortWeightsAreRejectedWithTheShape()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new MatMulPackedB(transB: true, k: 4, n: 3, new float[11], ldb: 4)
        );
        Assert.Contains(
            "MatMulPackedB: B stored (n,k) (transB) = (3,4) with ldb=4 needs 12 elements, got 11",
            error.Message
        );
    }

    private static (float[] Data, int Ld) Operand(Random random, int rows, int cols, int padding)
    {
        int ld = cols + padding;
        var data = new float[Math.Max(0, (rows - 1) * ld + cols)];
        for (int i = 0; i < data.Length; i++)
            data[i] = random.NextSingle() * 2 - 1;
        return (data, ld);
    }
}
