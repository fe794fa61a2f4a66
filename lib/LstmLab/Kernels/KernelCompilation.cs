using System.Reflection;
using System.Runtime.CompilerServices;

namespace LstmLab.Kernels;

/// <summary>
/// Compiles, ahead of their first call, the methods a training step of a recurrent layer runs that ReadyToRun leaves
/// to the JIT: those marked <see cref="MethodImplOptions.AggressiveOptimization"/> (see ReadyToRun.targets) in the
/// kernels and in the layer, with the products' generic code for this CPU's micro-kernel only. What a step reaches
/// last goes first (the update, then the backward pass): a Fit that starts at once compiles its forward pass itself
/// meanwhile, and the two threads seldom wait for the same method. Compiling a method changes nothing it computes.
/// </summary>
internal static class KernelCompilation
{
    private const BindingFlags Declared =
        BindingFlags.DeclaredOnly
        | BindingFlags.Static
        | BindingFlags.Instance
        | BindingFlags.Public
        | BindingFlags.NonPublic;

    /// <summary>Compiles the kernels' and <paramref name="layerType"/>'s marked methods, last reached first.</summary>
    public static void ForTraining(Type layerType)
    {
        var kernel = MatMul.BestPath switch
        {
            MatMulPath.Vector512 => typeof(MatMulKernel8x32),
            MatMulPath.Vector256 => typeof(MatMulKernel6x16),
            MatMulPath.Vector128 => typeof(MatMulKernel8x8),
            _ => typeof(MatMulKernelScalar),
        };
        var methods = typeof(KernelCompilation)
            .Assembly.GetTypes()
            .Where(type =>
                type == layerType
                || type.Namespace == typeof(KernelCompilation).Namespace
                    && !type.ContainsGenericParameters
                    && (type == kernel || !type.IsAssignableTo(typeof(IMatMulMicroKernel)))
            )
            .SelectMany(type => type.GetMethods(Declared))
            .Where(method =>
                (method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization)
                    != 0
                && !method.IsAbstract
            )
            .OrderBy(ReachedFirst);
        foreach (var method in methods)
        {
            // initialised first, as when a step calls it, so that the JIT folds the same static readonly values
            RuntimeHelpers.RunClassConstructor(method.DeclaringType!.TypeHandle);
            if (!method.IsGenericMethodDefinition)
                RuntimeHelpers.PrepareMethod(method.MethodHandle);
            else if (IsOverMicroKernel(method))
                RuntimeHelpers.PrepareMethod(method.MethodHandle, [kernel.TypeHandle]);
        }
    }

    // 0: the update; 1: the backward pass; 2: the rest
    private static int ReachedFirst(MethodInfo method) =>
        method.DeclaringType == typeof(AdamUpdate) || method.DeclaringType == typeof(SumOfSquares)
            ? 0
        : method.Name.Contains("Backward") || method.DeclaringType == typeof(ColumnSums) ? 1
        : 2;

    // Split<TKernel> and MatMulBlocked.Run<TKernel>: one type argument, a micro-kernel
    private static bool IsOverMicroKernel(MethodInfo method)
    {
        var arguments = method.GetGenericArguments();
        return arguments.Length == 1
            && arguments[0].GetGenericParameterConstraints().Contains(typeof(IMatMulMicroKernel));
    }
}
