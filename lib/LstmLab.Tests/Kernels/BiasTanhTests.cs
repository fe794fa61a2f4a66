using LstmLab.Kernels;

namespace LstmLab.Tests.Kernels;

/// <summary>The SimpleRnn step's tanh(x + bias): every element the scalar formula's bits, whatever its lane.</summary>
public class BiasTanhTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(2, 16)]
    [InlineData(4, 20)]
    [InlineData(2, 33)]
    public void Every_element_is_the_scalar_formula(int rows, int width)
    {
        var random = new Random(rows * 100 + width);
        var values = Enumerable
            .Range(0, rows * width)
            .Select(_ => (float)((random.NextDouble() - 0.5) * 12))
            .ToArray();
        var bias = Enumerable
            .Range(0, width)
            .Select(_ => (float)(random.NextDouble() - 0.5))
            .ToArray();
        var exact = values.Select((v, i) => Math.Tanh(v + bias[i % width])).ToArray();
        var expected = values.Select((v, i) => FastMath.Tanh(v + bias[i % width])).ToArray();
        BiasTanh.Apply(values, bias);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(
                BitConverter.SingleToInt32Bits(expected[i]),
                BitConverter.SingleToInt32Bits(values[i])
            );
            Assert.True(Math.Abs(values[i] - exact[i]) < 1e-6, $"[{i}]: {values[i]} vs {exact[i]}");
        }
    }
}
