using LstmLab.Kernels;

namespace LstmLab.Tests.Kernels;

/// <summary>The fixed-order sum of squares: the vector path gives the reference's bits, close to the exact sum.</summary>
public class SumOfSquaresTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(100)]
    [InlineData(4099)]
    public void Vector_path_gives_the_reference_bits(int length)
    {
        var random = new Random(length);
        var values = Enumerable
            .Range(0, length)
            .Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 6))))
            .ToArray();
        double fast = SumOfSquares.Of(values);
        double reference = SumOfSquares.Reference(values);
        Assert.Equal(
            BitConverter.DoubleToInt64Bits(reference),
            BitConverter.DoubleToInt64Bits(fast)
        );
        double exact = values.Sum(v => (double)v * v);
        Assert.True(Math.Abs(fast - exact) <= 1e-14 * exact, $"{fast} vs {exact}");
    }
}
