namespace LstmLab.Tests.Fuzzing;

/// <summary>
/// Runs one parser call on a fresh thread and checks the three promises every parser makes about
/// bad input: it ends (within <see cref="TimeLimit"/>), it allocates no more than
/// <see cref="MaxAllocatedBytes"/> for a small input, and it fails only with the exception types
/// its XML docs list.
/// </summary>
internal static class Bounded
{
    /// <summary>Far above any honest parse of a few hundred bytes; only a hang reaches it.</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(10);

    /// <summary>A few hundred bytes of input never justify more than this.</summary>
    public const long MaxAllocatedBytes = 64L * 1024 * 1024;

    /// <summary>
    /// Calls <paramref name="parse"/>; fails naming <paramref name="parser"/> and the input (hex) if it
    /// hangs, allocates too much or throws a type not in <paramref name="documented"/>.
    /// </summary>
    public static void Run(string parser, byte[] input, Action parse, params Type[] documented)
    {
        Exception? thrown = null;
        long allocated = 0;
        // GetAllocatedBytesForCurrentThread counts this thread only, so measure inside the task.
        var task = Task.Factory.StartNew(
            () =>
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    parse();
                }
                catch (Exception e)
                {
                    thrown = e;
                }
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            },
            TaskCreationOptions.LongRunning
        );
        string hex = Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 600)));
        if (!task.Wait(TimeLimit))
            Assert.Fail(
                $"{parser} did not return within {TimeLimit.TotalSeconds} s on {input.Length} bytes: {hex}"
            );
        if (allocated > MaxAllocatedBytes)
            Assert.Fail(
                $"{parser} allocated {allocated} bytes (limit {MaxAllocatedBytes}) on {input.Length} bytes: {hex}"
            );
        if (thrown is not null && !documented.Any(type => type.IsInstanceOfType(thrown)))
            Assert.Fail(
                $"{parser} threw {thrown.GetType().Name}, expected only "
                    + $"{string.Join(" or ", documented.Select(t => t.Name))}, on {input.Length} bytes: {hex}\n{thrown}"
            );
    }
}
