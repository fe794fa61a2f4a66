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
}
