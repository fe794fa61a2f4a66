using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Runtime.CompilerServices;
using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Optimizers;
using LstmLab.Tensors;

namespace LstmLab.Tests.Engine;

/// <summary>
/// What a child process of <see cref="KernelWarmupTests"/> runs, in a process of its own so that nothing is compiled
/// yet: builds a compiled LSTM model, waits for the warm-up that starts (<see cref="KernelWarmup"/>), then trains and predicts while listening to the
/// runtime's JIT events, and prints each method the JIT compiled meanwhile ("Namespace.Type.Method", one a line).
/// </summary>
internal static class KernelWarmupProbe
{
    /// <summary>The first argument that makes the test assembly run the probe.</summary>
    public const string Command = "kernel-warmup-probe";

    public static void Run(TextWriter output)
    {
        var model = new Sequential(seed: 1) { new Input(20, 3), new Lstm(24), new Dense(1) };
        model.Compile(new Adam(0.01), new MeanSquaredError());
        var random = new Random(2);
        var x = new Tensor(
            [.. Enumerable.Range(0, 64 * 20 * 3).Select(_ => random.NextSingle())],
            64,
            20,
            3
        );
        var y = new Tensor([.. Enumerable.Range(0, 64).Select(_ => random.NextSingle())], 64, 1);
        KernelWarmup.Wait();
        using var listener = new JitListener();
        listener.WaitFor(StartMark);
        model.Fit(x, y, epochs: 1, batchSize: 16, verbose: 0);
        model.Predict(x, batchSize: 32);
        listener.WaitFor(EndMark);
        foreach (string method in listener.Compiled)
            output.WriteLine(method);
    }

    // Compiled only when called (the test assembly is not precompiled): seen, they show the listener hears the JIT.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int StartMark() => 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int EndMark() => 2;

    private sealed class JitListener : EventListener
    {
        private const EventKeywords JitKeyword = (EventKeywords)0x10;
        private readonly ConcurrentQueue<string> compiled = new();

        public IEnumerable<string> Compiled => compiled;

        // calls mark until its own compilation has come through: every compilation before it has then too
        public void WaitFor(Func<int> mark)
        {
            string name = $"{typeof(KernelWarmupProbe).FullName}.{mark.Method.Name}";
            var deadline = DateTime.UtcNow.AddSeconds(30);
            mark();
            while (!compiled.Contains(name))
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"no JIT event for {name} in 30 s");
                Thread.Sleep(20);
            }
        }

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
                EnableEvents(source, EventLevel.Verbose, JitKeyword);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (
                e.EventName?.StartsWith("MethodJittingStarted", StringComparison.Ordinal) != true
                || e.PayloadNames is null
            )
                return;
            int type = e.PayloadNames.IndexOf("MethodNamespace"),
                method = e.PayloadNames.IndexOf("MethodName");
            compiled.Enqueue($"{e.Payload![type]}.{e.Payload[method]}");
        }
    }
}
