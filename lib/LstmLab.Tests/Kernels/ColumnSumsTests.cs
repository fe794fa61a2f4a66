using LstmLab.Kernels;

namespace LstmLab.Tests.Kernels;

/// <summary>The bias-gradient reduction against a plain double-precision sum.</summary>
public class ColumnSumsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 63)]
    [InlineData(33, 64)]
    [InlineData(100, 200)]
    public void Column_sums_are_added_to_what_is_there(int rows, int width)
    {
        var random = new Random(rows + width);
        var a = Enumerable
            .Range(0, rows * width)
            .Select(_ => (float)(random.NextDouble() - 0.5))
            .ToArray();
        var sums = Enumerable.Range(0, width).Select(j => (float)j).ToArray();
        ColumnSums.Accumulate(a, rows, width, sums);
        for (int j = 0; j < width; j++)
        {
            double expected = j + Enumerable.Range(0, rows).Sum(r => (double)a[r * width + j]);
            Assert.True(
                Math.Abs(expected - sums[j]) <= 1e-5 * (Math.Abs(expected) + rows),
                $"column {j}: {sums[j]} vs {expected}"
            );
        }
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(5, 13)]
    [InlineData(17, 44)]
    [InlineData(64, 100)]
    [InlineData(29, 127)]
    [InlineData(128, 200)]
    [InlineData(9, 1024)]
    public void Every_width_path_gives_the_plain_loops_bits(int rows, int width)
    {
        var random = new Random(rows * width);
        var a = Enumerable
            .Range(0, rows * width)
            .Select(_ => (float)(random.NextDouble() - 0.5) * 1000)
            .ToArray();
        var start = Enumerable.Range(0, width).Select(j => (float)Math.Sin(j) * 3).ToArray();
        var sums = start.ToArray();
        var expected = start.ToArray();
        ColumnSums.Accumulate(a, rows, width, sums);
        ColumnSums.Reference(a, rows, width, expected);
        Assert.Equal(
            expected.Select(BitConverter.SingleToInt32Bits),
            sums.Select(BitConverter.SingleToInt32Bits)
        );
    }

    [Fact]
    public void A_matrix_shorter_than_its_shape_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ColumnSums.Accumulate(new float[10], 3, 4, new float[4])
        );
        Assert.Contains("(3, 4)", error.Message);
    }
}
