using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LstmLab.Notebooks.Execution;

/// <summary>The machine and library a run used, as the report's header shows them.</summary>
/// <param name="OperatingSystem">e.g. "Debian GNU/Linux 12 (bookworm)".</param>
/// <param name="Cores">Logical processors the process may use.</param>
/// <param name="DotNet">e.g. ".NET 10.0.0".</param>
/// <param name="Cpu">The processor's model name where the OS tells it, else its architecture.</param>
/// <param name="Vectors">
/// The widest SIMD vectors .NET accelerates here, e.g. "512-bit (AVX-512)": the library's kernels take
/// the path for this width, which sets their speed, not their results. Every path adds each value in the
/// same order, so a run reproduces bit for bit on any CPU with the same core count.
/// </param>
/// <param name="LibraryVersion">The LstmLab library's informational version.</param>
public sealed record MachineInfo(
    string OperatingSystem,
    int Cores,
    string DotNet,
    string Cpu,
    string Vectors,
    string LibraryVersion
)
{
    /// <summary>This machine, and the LstmLab assembly the runner loaded.</summary>
    public static MachineInfo Current() =>
        new(
            RuntimeInformation.OSDescription,
            Environment.ProcessorCount,
            RuntimeInformation.FrameworkDescription,
            CpuModel() ?? RuntimeInformation.ProcessArchitecture.ToString(),
            VectorWidth(),
            LibraryVersionOf(typeof(LstmLab.Tensors.Tensor).Assembly)
        );

    private static string LibraryVersionOf(Assembly assembly)
    {
        string? version = assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()
            ?.InformationalVersion;
        return $"LstmLab {version ?? assembly.GetName().Version?.ToString() ?? "unknown"}";
    }

    private static string VectorWidth() =>
        Vector512.IsHardwareAccelerated ? "512-bit (AVX-512)"
        : Vector256.IsHardwareAccelerated ? "256-bit (AVX2)"
        : Vector128.IsHardwareAccelerated ? "128-bit"
        : "none (scalar code)";

    private static string? CpuModel()
    {
        if (System.OperatingSystem.IsWindows())
            return Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER");
        const string cpuinfo = "/proc/cpuinfo";
        if (!File.Exists(cpuinfo))
            return null;
        return File.ReadLines(cpuinfo)
            .Where(l => l.StartsWith("model name", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':') + 1)..].Trim())
            .FirstOrDefault();
    }
}
