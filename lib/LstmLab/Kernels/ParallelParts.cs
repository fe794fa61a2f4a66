using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace LstmLab.Kernels;

/// <summary>
/// Runs the parts of one split at the same time: part 0 on the calling thread, the others on long-lived
/// worker threads the library owns (one per extra part, up to <see cref="Threading.MaxThreads"/> − 1).
/// A worker waits for its next part spinning for a short while and then asleep, so the many small splits of
/// a training step (a few to a few hundred microseconds each) start at once instead of waking pool threads:
/// with the thread pool, a 2-core machine ran inference slower on two threads than on one (several pool
/// threads spun against the two doing the work). Only one split runs on the workers at a time; a split
/// asked for meanwhile (another thread's model) runs its parts one after the other on its own thread, as the
/// library's background work always does (<see cref="Threading.RunInBackground"/>): a first Predict that found
/// the warm-up's split holding the workers ran all its blocks on one thread, twice its time. Which
/// thread runs a part never changes what the part computes, so the results are the same either way.
/// </summary>
internal static class ParallelParts
{
    private static readonly object s_team = new();
    private static readonly Job s_job = new();
    private static Worker[] s_workers = [];

    /// <summary>Calls <paramref name="part"/>(p) for p in 0..parts-1, each as a part (<see cref="Threading.RunAsPart"/>);
    /// returns when all have ended, rethrowing the first exception one threw.</summary>
    public static void Run(int parts, Action<int> part)
    {
        // inside a part (Threading.Available is 1 there) the workers are busy with the split this part belongs to; the
        // warm-up's splits leave them to the user's
        if (
            parts <= 1
            || Threading.Available < 2
            || Threading.InBackground
            || !Monitor.TryEnter(s_team)
        )
        {
            for (int p = 0; p < parts; p++)
                Threading.RunAsPart(() => part(p));
            return;
        }
        try
        {
            var workers = WorkersFor(parts - 1);
            var job = s_job;
            job.Start(part, parts - 1);
            for (int w = 0; w < parts - 1; w++)
                workers[w].Post(job, w + 1);
            Exception? own = null;
            try
            {
                Threading.RunAsPart(() => part(0));
            }
            catch (Exception e)
            {
                own = e;
            }
            job.WaitForWorkers();
            if ((own ?? job.Error) is { } error)
                ExceptionDispatchInfo.Throw(error);
        }
        finally
        {
            Monitor.Exit(s_team);
        }
    }

    /// <summary>
    /// Starts the workers a split over <see cref="Threading.MaxThreads"/> threads needs and compiles their wait, as a
    /// first split would: for the warm-up, whose own splits leave the workers alone.
    /// </summary>
    internal static void Prepare()
    {
        // a wait for a value that has already changed returns at once, compiled
        long changed = 1;
        SpinWhile(ref changed, 0);
        if (Threading.MaxThreads > 1 && Monitor.TryEnter(s_team))
        {
            try
            {
                WorkersFor(Threading.MaxThreads - 1);
            }
            finally
            {
                Monitor.Exit(s_team);
            }
        }
    }

    private static Worker[] WorkersFor(int count)
    {
        if (s_workers.Length < count)
        {
            var grown = new Worker[count];
            s_workers.CopyTo(grown, 0);
            for (int w = s_workers.Length; w < count; w++)
                grown[w] = new Worker(w + 1);
            s_workers = grown;
        }
        return s_workers;
    }

    /// <summary>How long a waiting thread spins before it sleeps: longer than the gaps between the splits of
    /// one step, short enough that an idle model costs nothing.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 500; // 2 ms

    /// <summary>Spins while <paramref name="value"/> equals <paramref name="unchanged"/>, for at most the spin
    /// time; true when it changed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool SpinWhile(ref long value, long unchanged)
    {
        long end = Stopwatch.GetTimestamp() + SpinTicks;
        while (Volatile.Read(ref value) == unchanged)
        {
            for (int k = 0; k < 64 && Volatile.Read(ref value) == unchanged; k++) { }
            if (Stopwatch.GetTimestamp() > end)
                return Volatile.Read(ref value) != unchanged;
        }
        return true;
    }

    /// <summary>The running split's parts for the workers, and how many of them are still running.</summary>
    private sealed class Job
    {
        private Action<int> part = _ => { };
        private long remaining;
        private int callerAsleep;
        private readonly ManualResetEventSlim done = new(false);

        public Exception? Error { get; private set; }

        public void Start(Action<int> parts, int workerParts)
        {
            part = parts;
            Error = null;
            callerAsleep = 0;
            done.Reset();
            Volatile.Write(ref remaining, workerParts);
        }

        public void RunPart(int index)
        {
            try
            {
                Threading.RunAsPart(() => part(index));
            }
            catch (Exception e)
            {
                lock (done)
                    Error ??= e;
            }
            if (Interlocked.Decrement(ref remaining) == 0 && Volatile.Read(ref callerAsleep) == 1)
                done.Set();
        }

        public void WaitForWorkers()
        {
            long left = Volatile.Read(ref remaining);
            while (left != 0 && SpinWhile(ref remaining, left))
                left = Volatile.Read(ref remaining);
            if (left == 0)
                return;
            Interlocked.Exchange(ref callerAsleep, 1);
            while (Volatile.Read(ref remaining) != 0)
                done.Wait();
        }
    }

    /// <summary>A background thread that runs the parts posted to it.</summary>
    private sealed class Worker
    {
        private Job? job;
        private int index;
        private long posted,
            taken;
        private int asleep;
        private readonly ManualResetEventSlim wake = new(false);

        public Worker(int number)
        {
            var thread = new Thread(Loop)
            {
                IsBackground = true,
                Name = $"LstmLab worker {number}",
            };
            thread.Start();
        }

        public void Post(Job next, int part)
        {
            job = next;
            index = part;
            Interlocked.Increment(ref posted);
            if (Volatile.Read(ref asleep) == 1)
                wake.Set();
        }

        private bool HasWork() => Volatile.Read(ref posted) != taken;

        private void Loop()
        {
            while (true)
            {
                if (!SpinWhile(ref posted, taken))
                {
                    wake.Reset();
                    Interlocked.Exchange(ref asleep, 1);
                    if (!HasWork())
                        wake.Wait();
                    Interlocked.Exchange(ref asleep, 0);
                    continue;
                }
                taken++;
                job!.RunPart(index);
            }
        }
    }
}
