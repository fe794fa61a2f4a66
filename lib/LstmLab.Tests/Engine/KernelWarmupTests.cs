using System.Reflection;

namespace LstmLab.Tests.Engine;

/// <summary>
/// The kernels and step loops (the methods the library marks AggressiveOptimization, which ReadyToRun leaves to the
/// JIT) are compiled by the warm-up that building a model starts (Models.KernelWarmup): a first Fit and Predict after
/// it compile none of them.
/// </summary>
public class KernelWarmupTests
{
    [Fact]
    public void A_first_fit_and_predict_after_the_warm_up_compile_no_kernel()
    {
        var compiled = ProbeProcess.Run(KernelWarmupProbe.Command);
        Assert.Contains($"{typeof(KernelWarmupProbe).FullName}.EndMark", compiled);
        var kernels = typeof(LstmLab.Models.Sequential)
            .Assembly.GetTypes()
            .SelectMany(type =>
                type.GetMethods(
                        BindingFlags.DeclaredOnly
                            | BindingFlags.Static
                            | BindingFlags.Instance
                            | BindingFlags.Public
                            | BindingFlags.NonPublic
                    )
                    .Where(method =>
                        (
                            method.MethodImplementationFlags
                            & MethodImplAttributes.AggressiveOptimization
                        ) != 0
                    )
                    .Select(method => $"{type.FullName}.{method.Name}")
            )
            .ToHashSet();
        Assert.Contains("LstmLab.Kernels.LstmCell.Forward", kernels);
        Assert.DoesNotContain(compiled, kernels.Contains);
    }
}
