using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using LstmLab.Cli.Bench;
using LstmLab.Kernels;

namespace LstmLab.Cli.Commands;

/// <summary><c>lstmlab bench WORKLOAD [--epochs N] [--quick] [--threads N]</c>: seconds per epoch of one speed-issue workload.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var workload = new Argument<string>("workload")
        {
            Description =
                "One of: " + string.Join(", ", Workload.All.Select(w => w.Name)) + ", matmul",
        };
        var epochs = new Option<int>("--epochs")
        {
            Description =
                "Timed epochs after one warm-up (cold) epoch; inference: timed passes, at least 5, their median",
            DefaultValueFactory = _ => 1,
        };
        var quick = new Option<bool>("--quick")
        {
            Description =
                "A tenth of the samples (same shapes otherwise), as bench_torch.py --quick",
        };
        var threads = new Option<int>("--threads")
        {
            Description =
                "The most threads the kernels use (Threading.MaxThreads; default: the processor count)",
            DefaultValueFactory = _ => Threading.MaxThreads,
        };
        var command = new Command(
            "bench",
            "Time one workload on synthetic data of its exact shape; the last line is a RESULT line."
        )
        {
            workload,
            epochs,
            quick,
            threads,
        };
        command.SetAction(parse =>
            Run(
                parse.GetValue(workload)!,
                parse.GetValue(epochs),
                parse.GetValue(quick),
                parse.GetValue(threads)
            )
        );
        return command;
    }

    private static int Run(string name, int epochs, bool quick, int threads)
    {
        if (threads < 1)
        {
            Console.Error.WriteLine($"--threads must be at least 1, got {threads}.");
            return 1;
        }
        Threading.MaxThreads = threads;
        if (name == "matmul")
            return MatMulRoofline();
        var workload = Workload.All.FirstOrDefault(w => w.Name == name);
        if (workload is null)
        {
            Console.Error.WriteLine(
                $"Unknown workload '{name}'. Known: {string.Join(", ", Workload.All.Select(w => w.Name))}, matmul."
            );
            return 1;
        }
        if (epochs < 1)
        {
            Console.Error.WriteLine($"--epochs must be at least 1, got {epochs}.");
            return 1;
        }
        if (quick)
            workload = workload with { Samples = workload.Samples / 10 };
        var model = workload.Build();
        var (x, y) = workload.Data(model);
        // An inference pass is short: time at least InferencePasses and take the median, as the TorchSharp peer does.
        int timed = workload.InferenceOnly ? Math.Max(epochs, InferencePasses) : epochs;
        var warm = new List<double>();
        double cold = 0;
        for (int epoch = 0; epoch <= timed; epoch++)
        {
            var jitTime = JitInfo.GetCompilationTime();
            long jitMethods = JitInfo.GetCompiledMethodCount();
            // the JIT on this thread is in the epoch's time; on the others (the warm-up, the workers) it may overlap
            var ownJitTime = JitInfo.GetCompilationTime(currentThread: true);
            long ownJitMethods = JitInfo.GetCompiledMethodCount(currentThread: true);
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            if (workload.InferenceOnly)
                model.Predict(x, workload.BatchSize);
            else
                model.Fit(x, y, epochs: 1, batchSize: workload.BatchSize, seed: epoch, verbose: 0);
            double elapsed = clock.Elapsed.TotalSeconds;
            Console.Error.WriteLine(
                $"{name}: {(epoch == 0 ? "warm-up" : $"epoch {epoch}")} {elapsed:0.000} s "
                    + $"(GCs so far {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, "
                    + $"allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0:0.0} MB in it; "
                    + $"JIT {JitInfo.GetCompiledMethodCount() - jitMethods} methods in {(JitInfo.GetCompilationTime() - jitTime).TotalSeconds:0.000} s, "
                    + $"{JitInfo.GetCompiledMethodCount(currentThread: true) - ownJitMethods} of them on this thread in "
                    + $"{(JitInfo.GetCompilationTime(currentThread: true) - ownJitTime).TotalSeconds:0.000} s)"
            );
            if (epoch > 0)
                warm.Add(elapsed);
            else
                cold = elapsed;
        }
        warm.Sort();
        double seconds = workload.InferenceOnly ? warm[warm.Count / 2] : warm.Average();
        double peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        Console.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"RESULT workload={name} seconds_per_epoch={seconds:0.0000} samples_per_s={workload.Samples / seconds:0.0} "
                    + $"gflops={workload.Flops(model) / seconds / 1e9:0.00} peak_mb={peakMb:0.0} batch={workload.BatchSize} epochs={timed} "
                    + $"cold_seconds={cold:0.0000}"
            )
        );
        return 0;
    }

    /// <summary>The fewest timed passes of an inference workload (whose seconds are their median).</summary>
    private const int InferencePasses = 5;

    private static int MatMulRoofline()
    {
        double best = 0;
        foreach (int n in new[] { 1024, 2048 })
        {
            var random = new Random(1);
            var a = new float[n * n];
            var b = new float[n * n];
            var c = new float[n * n];
            for (int i = 0; i < a.Length; i++)
                (a[i], b[i]) = ((float)random.NextDouble(), (float)random.NextDouble());
            for (int repeat = 0; repeat < 4; repeat++)
            {
                var clock = Stopwatch.StartNew();
                MatMul.Gemm(false, false, n, n, n, a, n, b, n, c, n, false);
                double gflops = 2.0 * n * n * n / clock.Elapsed.TotalSeconds / 1e9;
                Console.Error.WriteLine($"matmul {n}³: {gflops:0.0} GFLOP/s");
                if (repeat > 0)
                    best = Math.Max(best, gflops);
            }
        }
        Console.WriteLine(
            string.Create(CultureInfo.InvariantCulture, $"RESULT workload=matmul gflops={best:0.0}")
        );
        return 0;
    }
}
