using LstmLab.Kernels;

namespace LstmLab.Tests.Kernels;

/// <summary>Element-by-element add, multiply and fused multiply-add: every element the scalar operation's bits.</summary>
public class ElementwiseTests
{
    // lengths that end in each vector width's tail and in none
    public static TheoryData<int> Lengths => [0, 1, 3, 4, 7, 8, 15, 16, 17, 31, 32, 45, 200];

    private static float[] Values(int length, int seed)
    {
        var random = new Random(seed);
        return
        [
            .. Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() - 0.5) * 8)),
        ];
    }

    private static void SameBits(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(
                BitConverter.SingleToInt32Bits(expected[i])
                    == BitConverter.SingleToInt32Bits(actual[i]),
                $"[{i}]: expected {expected[i]:R}, got {actual[i]:R}"
            );
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Add_is_the_scalar_sum(int length)
    {
        float[] x = Values(length, 1),
            y = Values(length, 2),
            dst = new float[length];
        Elementwise.Add(x, y, dst);
        SameBits([.. x.Select((v, i) => v + y[i])], dst);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Multiply_is_the_scalar_product(int length)
    {
        float[] x = Values(length, 3),
            y = Values(length, 4),
            dst = new float[length];
        Elementwise.Multiply(x, y, dst);
        SameBits([.. x.Select((v, i) => v * y[i])], dst);
        Elementwise.Multiply(x, 0.37f, dst);
        SameBits([.. x.Select(v => v * 0.37f)], dst);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MultiplyAdd_rounds_once_into_its_addend(int length)
    {
        float[] x = Values(length, 5),
            y = Values(length, 6),
            z = Values(length, 7);
        var expected = x.Select((v, i) => MathF.FusedMultiplyAdd(v, y[i], z[i])).ToArray();
        Elementwise.MultiplyAdd(x, y, z, z); // in place, as the dropout masks' gradient uses it
        SameBits(expected, z);
    }

    [Fact]
    public void Mismatched_lengths_are_refused_with_both()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Elementwise.Add(new float[5], new float[4], new float[5])
        );
        Assert.Contains("5 and 4", error.Message);
        Assert.Throws<ArgumentException>(() =>
            Elementwise.Multiply(new float[5], 2f, new float[4])
        );
    }
}
