namespace LstmLab.Tests.Reproducibility;

/// <summary>
/// The test assembly's entry point, in place of the empty one the test SDK generates: test runners load
/// the assembly and never call it; <c>dotnet LstmLab.Tests.dll vector-width-probe</c> runs the
/// <see cref="VectorWidthProbe"/> in a process of its own, whose environment can switch vector widths off, and
/// <c>kernel-warmup-probe</c> the <see cref="Engine.KernelWarmupProbe"/> in a process where nothing is compiled yet.
/// </summary>
public static class TestAssemblyEntry
{
    public static int Main(string[] args)
    {
        if (args is [VectorWidthProbe.Command])
        {
            VectorWidthProbe.Run(Console.Out);
            return 0;
        }
        if (args is [Engine.KernelWarmupProbe.Command])
        {
            Engine.KernelWarmupProbe.Run(Console.Out);
            return 0;
        }
        Console.Error.WriteLine(
            $"LstmLab.Tests: the commands are '{VectorWidthProbe.Command}' and '{Engine.KernelWarmupProbe.Command}'; run the tests with dotnet test."
        );
        return 1;
    }
}
