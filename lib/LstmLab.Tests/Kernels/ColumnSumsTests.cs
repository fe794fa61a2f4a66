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
}
