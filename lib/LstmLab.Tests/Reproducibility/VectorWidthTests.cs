using System.Runtime.Intrinsics;

namespace LstmLab.Tests.Reproducibility;

/// <summary>
/// The same training in child processes that may use 512-, 256- or 128-bit vectors or none
/// (.NET's DOTNET_Enable… switches): every trained weight, prediction and loss must be the same bits.
/// On a CPU without AVX-512 the first two runs take the same path, which is still a valid check.
/// </summary>
public class VectorWidthTests
{
    /// <summary>
    /// The switch and the widths the child must then report. .NET 10 ignores the older
    /// DOTNET_EnableAVX512F; DOTNET_EnableAVX512 turns AVX-512 off.
    /// </summary>
    public static TheoryData<string, string> Switches() =>
        new()
        {
            { "DOTNET_EnableAVX512", "widths 512=False 256=" + Vector256.IsHardwareAccelerated },
            {
                "DOTNET_EnableAVX2",
                "widths 512=False 256=False 128=" + Vector128.IsHardwareAccelerated
            },
            { "DOTNET_EnableHWIntrinsic", "widths 512=False 256=False 128=False" },
        };

    private static readonly Lazy<string[]> Widest = new(() => Probe(null));

    [Theory]
    [MemberData(nameof(Switches))]
    public void Training_gives_the_same_bits_with_narrower_vectors(string variable, string widths)
    {
        var widest = Widest.Value;
        Assert.Equal(VectorWidthProbe.Widths, widest[0]);
        var narrower = Probe(variable);
        Assert.StartsWith(widths, narrower[0]);
        Assert.Equal(widest.Length, narrower.Length);
        for (int i = 1; i < widest.Length; i++)
        {
            string name = widest[i].Split(' ')[0];
            Assert.True(
                widest[i] == narrower[i],
                $"{name} differs with {variable}=0: first at hex digit "
                    + $"{FirstDifference(widest[i], narrower[i]) - name.Length - 1} of the line"
            );
        }
    }

    private static int FirstDifference(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
            if (a[i] != b[i])
                return i;
        return n;
    }

    private static string[] Probe(string? variable)
    {
        var lines = ProbeProcess.Run(VectorWidthProbe.Command, variable);
        Assert.True(
            lines.Length > 20,
            $"the probe printed only {lines.Length} lines: {string.Join('\n', lines)}"
        );
        return lines;
    }
}
