using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace LstmLab.Benchmarks;

/// <summary>
/// Speed measurements of the kernels. Run in Release, for example
/// <c>dotnet run -c Release --project lib/LstmLab.Benchmarks -- --filter '*MatMul*' --job short</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher
            .FromAssembly(typeof(Program).Assembly)
            .Run(
                args,
                DefaultConfig
                    .Instance.AddColumn(new GflopsColumn())
                    .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(40))
            );
}
