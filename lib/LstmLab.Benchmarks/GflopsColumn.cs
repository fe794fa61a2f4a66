using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace LstmLab.Benchmarks;

/// <summary>
/// GFLOP/s = 2·m·n·k / median time, for benchmarks with a <see cref="GemmShape"/> parameter.
/// The median, because on a shared machine a few disturbed iterations drag the mean down.
/// </summary>
public sealed class GflopsColumn : IColumn
{
    public string Id => nameof(GflopsColumn);

    public string ColumnName => "GFLOP/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend =>
        "Billions of floating-point operations per second (2·m·n·k / median time)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var shape = benchmarkCase
            .Parameters.Items.Select(p => p.Value)
            .OfType<GemmShape>()
            .FirstOrDefault();
        var median = summary[benchmarkCase]?.ResultStatistics?.Median;
        return shape is null || median is null or <= 0
            ? "-"
            : (shape.Flops / median.Value).ToString("F1");
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
