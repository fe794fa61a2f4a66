using LstmLab.Kernels;

namespace LstmLab.Tests.Kernels;

/// <summary>The library's own fork/join: every part runs once, as a part, and failures reach the caller.</summary>
public class ParallelPartsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void Every_part_runs_once_as_a_part(int parts)
    {
        var runs = new int[parts];
        var asParts = new bool[parts];
        for (int repeat = 0; repeat < 200; repeat++)
            ParallelParts.Run(
                parts,
                p =>
                {
                    Interlocked.Increment(ref runs[p]);
                    asParts[p] = Threading.Available == 1;
                }
            );
        Assert.All(runs, count => Assert.Equal(200, count));
        Assert.All(asParts, Assert.True);
    }

    [Fact]
    public void A_part_that_throws_rethrows_its_own_exception_after_the_others_end()
    {
        int ended = 0;
        var error = Assert.Throws<InvalidOperationException>(() =>
            ParallelParts.Run(
                2,
                p =>
                {
                    if (p == 1)
                        throw new InvalidOperationException("part 1 failed");
                    Thread.Sleep(20);
                    Interlocked.Increment(ref ended);
                }
            )
        );
        Assert.Equal("part 1 failed", error.Message);
        Assert.Equal(1, ended);
        // the workers are still there for the next split
        int sum = 0;
        ParallelParts.Run(2, p => Interlocked.Add(ref sum, p + 1));
        Assert.Equal(3, sum);
    }

    [Fact]
    public void Splits_asked_for_from_several_threads_at_once_all_complete()
    {
        var totals = new long[4];
        var callers = Enumerable
            .Range(0, totals.Length)
            .Select(c => new Thread(() =>
            {
                for (int repeat = 0; repeat < 500; repeat++)
                    ParallelParts.Run(3, p => Interlocked.Add(ref totals[c], p + 1));
            }))
            .ToList();
        callers.ForEach(t => t.Start());
        callers.ForEach(t => t.Join());
        Assert.All(totals, total => Assert.Equal(500 * 6, total));
    }

    [Fact]
    public void A_split_after_the_workers_fell_asleep_still_runs_every_part()
    {
        ParallelParts.Run(2, _ => { });
        Thread.Sleep(50); // longer than the workers spin
        var runs = new int[2];
        ParallelParts.Run(2, p => runs[p]++);
        Assert.Equal([1, 1], runs);
    }

    [Fact]
    public void A_split_asked_for_inside_a_part_runs_its_parts_there()
    {
        var inner = new int[2, 3];
        ParallelParts.Run(
            2,
            outer => ParallelParts.Run(3, p => inner[outer, p] = Environment.CurrentManagedThreadId)
        );
        for (int outer = 0; outer < 2; outer++)
            Assert.Equal(inner[outer, 0], inner[outer, 2]);
    }

    [SkippableFact]
    public void Background_work_runs_its_splits_on_its_own_thread_and_leaves_the_workers_to_others()
    {
        Skip.If(
            Threading.MaxThreads < 2,
            "needs Threading.MaxThreads of at least 2 (a machine with 2 or more cores)"
        );
        using var release = new ManualResetEventSlim(false);
        var background = new int[2];
        var holding = new Thread(() =>
            Threading.RunInBackground(() =>
                ParallelParts.Run(
                    2,
                    p =>
                    {
                        background[p] = Environment.CurrentManagedThreadId;
                        if (p == 0)
                            release.Wait(); // a long part, as the warm-up's first call of a kernel
                    }
                )
            )
        );
        holding.Start();
        SpinWait.SpinUntil(() => background[0] != 0);
        // meanwhile a split of this thread gets the workers (other tests' splits may hold them for a moment)
        var own = new int[2];
        bool onTwoThreads = false;
        for (int attempt = 0; attempt < 100 && !onTwoThreads; attempt++)
        {
            ParallelParts.Run(2, p => own[p] = Environment.CurrentManagedThreadId);
            onTwoThreads = own[0] != own[1];
            if (!onTwoThreads)
                Thread.Sleep(10);
        }
        release.Set();
        holding.Join();
        Assert.True(
            onTwoThreads,
            "a split ran its parts one after the other while background work waited"
        );
        Assert.Equal(holding.ManagedThreadId, background[0]);
        Assert.Equal(holding.ManagedThreadId, background[1]);
    }
}
