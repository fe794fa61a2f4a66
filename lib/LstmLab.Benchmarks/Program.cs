using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace LstmLab.Benchmarks;

/// <summary>
/// Speed measurements of the kernels. Run in Release, for example
/// <c>dotnet run -c Release --project lib/LstmLab.Benchmarks -- --filter '*MatMul*' --job short</c>,
/// or <c>-- --steady [part of a shape's name]</c> for the quick timing that survives a busy machine
/// (<see cref="SteadyTiming"/>).
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["--steady", .. var filter] && filter.Length <= 1)
        {
            SteadyTiming.Run(filter.Length == 1 ? filter[0] : "");
            return;
        }
        BenchmarkSwitcher
            .FromAssembly(typeof(Program).Assembly)
            .Run(
                args,
                DefaultConfig
                    .Instance.AddColumn(new GflopsColumn())
                    .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(40))
            );
    }
}
