using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LstmLab.Benchmarks;

/// <summary>
/// A quick timing that survives a busy machine (<c>-- --steady</c>): many short trials of every
/// matrix-product benchmark, keeping the fastest, and on one thread also the thread's own CPU
/// time (Linux), which leaves out the time other processes held the core. BenchmarkDotNet's
/// mean and median include that time, so on a shared machine they read low.
/// </summary>
internal static class SteadyTiming
{
    private const int Trials = 30;
    private static readonly TimeSpan TrialLength = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(500);

    /// <summary>Times every shape whose name contains <paramref name="filter"/> (all for "").</summary>
    public static void Run(string filter)
    {
        Console.WriteLine(
            "| Shape (m×n×k) | Threads | GFLOP/s, fastest trial | GFLOP/s, thread CPU time |"
        );
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (int threads in new[] { 1, 2 })
        {
            foreach (var shape in MatMulBenchmarks.Shapes().Where(s => s.Use.Contains(filter)))
            {
                var benchmark = new MatMulBenchmarks { Shape = shape, Threads = threads };
                benchmark.Setup();
                Report(shape, threads, benchmark.Gemm);
            }
            foreach (
                var shape in MatMulPackedBenchmarks.Shapes().Where(s => s.Use.Contains(filter))
            )
            {
                var benchmark = new MatMulPackedBenchmarks { Shape = shape, Threads = threads };
                benchmark.Setup();
                Report(shape, threads, benchmark.Gemm);
            }
        }
    }

    private static void Report(GemmShape shape, int threads, Action gemm)
    {
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (clock.Elapsed < WarmUp)
        {
            gemm();
            calls++;
        }
        int callsPerTrial = Math.Max(1, (int)(calls * TrialLength / clock.Elapsed));

        double bestWall = double.MaxValue;
        double bestCpu = double.MaxValue;
        for (int trial = 0; trial < Trials; trial++)
        {
            double cpuStart = ThreadCpuSeconds();
            clock.Restart();
            for (int i = 0; i < callsPerTrial; i++)
                gemm();
            bestWall = Math.Min(bestWall, clock.Elapsed.TotalSeconds / callsPerTrial);
            bestCpu = Math.Min(bestCpu, (ThreadCpuSeconds() - cpuStart) / callsPerTrial);
        }
        string cpu = threads == 1 && !double.IsNaN(bestCpu) ? Gflops(shape, bestCpu) : "-";
        Console.WriteLine($"| {shape} | {threads} | {Gflops(shape, bestWall)} | {cpu} |");
    }

    private static string Gflops(GemmShape shape, double seconds) =>
        (shape.Flops / seconds / 1e9).ToString("F1");

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private const int ClockThreadCpuTime = 3;

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>This thread's CPU time in seconds, or NaN where the clock is not available.</summary>
    private static double ThreadCpuSeconds()
    {
        if (!OperatingSystem.IsLinux())
            return double.NaN;
        return ClockGetTime(ClockThreadCpuTime, out var time) == 0
            ? time.Seconds + time.Nanoseconds * 1e-9
            : double.NaN;
    }
}
