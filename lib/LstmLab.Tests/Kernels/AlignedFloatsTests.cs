using System.Runtime.CompilerServices;
using LstmLab.Kernels;

namespace LstmLab.Tests.Kernels;

/// <summary>The step buffers' storage: zeros that start a 64-byte cache line, bounds-checked like an array.</summary>
public class AlignedFloatsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(128)]
    [InlineData(100_000)]
    public unsafe void Every_buffer_is_zeros_from_the_start_of_a_cache_line(int length)
    {
        // many in a row, so that the arrays behind them start at every place in a line
        for (int i = 0; i < 32; i++)
        {
            var buffer = AlignedFloats.Allocate(length);
            Assert.Equal(length, buffer.Length);
            Assert.Equal(0, (nint)Unsafe.AsPointer(ref buffer.Span[0]) % 64);
            Assert.All(buffer.Span.ToArray(), v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void Slices_stay_inside_the_buffer()
    {
        var buffer = AlignedFloats.Allocate(10);
        buffer.AsSpan(8, 2).Fill(3);
        Assert.Equal(3, buffer[9]);
        Assert.Equal(2, buffer.AsSpan(8).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.AsSpan(8, 3).Length);
        Assert.Throws<IndexOutOfRangeException>(() => buffer[10]);
        Assert.Equal(0, default(AlignedFloats).Span.Length);
    }
}
