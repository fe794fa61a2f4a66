using LstmLab.Kernels;

namespace LstmLab.Tests.Kernels;

/// <summary>The check of a batch's values for NaN and infinity, at every position of every vector width's blocks.</summary>
public class FiniteTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(21)]
    [InlineData(64)]
    public void Finite_values_pass_and_one_nan_or_infinity_anywhere_fails(int length)
    {
        var values = Enumerable.Range(0, length).Select(i => (float)i * 1e30f - 3e31f).ToArray();
        Assert.True(Finite.All(values));
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
            for (int i = 0; i < length; i++)
            {
                var copy = values.ToArray();
                copy[i] = bad;
                Assert.False(Finite.All(copy), $"{bad} at {i} of {length}");
            }
    }
}
