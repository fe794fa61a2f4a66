using LstmLab.Text;

namespace LstmLab.Tests.Text;

public class StatefulBatchesTests
{
    [Fact]
    public void Row_i_of_each_batch_continues_row_i_of_the_batch_before()
    {
        int[] ids = [.. Enumerable.Range(0, 26)];
        // 2 streams of (26 - 1) / 2 = 12 tokens: 0..11 and 12..23; 3 batches of 4 steps.
        var (x, y) = StatefulBatches.Arrange(ids, batchSize: 2, steps: 4);
        Assert.Equal([6, 4], x.Shape);
        Assert.Equal([6, 4], y.Shape);
        float[][] rows = [.. Enumerable.Range(0, 6).Select(r => x.Data[(r * 4)..(r * 4 + 4)])];
        Assert.Equal([0f, 1, 2, 3], rows[0]);
        Assert.Equal([12f, 13, 14, 15], rows[1]);
        Assert.Equal([4f, 5, 6, 7], rows[2]);
        Assert.Equal([16f, 17, 18, 19], rows[3]);
        Assert.Equal([8f, 9, 10, 11], rows[4]);
        Assert.Equal([20f, 21, 22, 23], rows[5]);
        for (int n = 0; n < x.Length; n++)
            Assert.Equal(x.Data[n] + 1, y.Data[n]);
    }

    [Fact]
    public void Reading_each_row_across_the_batches_gives_back_its_stream()
    {
        var random = new Random(5);
        int[] ids = [.. Enumerable.Range(0, 1000).Select(_ => random.Next(60))];
        int batchSize = 7,
            steps = 9;
        var (x, y) = StatefulBatches.Arrange(ids, batchSize, steps);
        int batches = x.Shape[0] / batchSize;
        int streamLength = (ids.Length - 1) / batchSize;
        Assert.Equal(streamLength / steps, batches);
        for (int i = 0; i < batchSize; i++)
        {
            var stream = Enumerable
                .Range(0, batches)
                .SelectMany(k => x.Data.AsSpan((k * batchSize + i) * steps, steps).ToArray())
                .ToArray();
            var targets = Enumerable
                .Range(0, batches)
                .SelectMany(k => y.Data.AsSpan((k * batchSize + i) * steps, steps).ToArray())
                .ToArray();
            Assert.Equal(
                ids.Skip(i * streamLength).Take(stream.Length).Select(v => (float)v),
                stream
            );
            Assert.Equal(
                ids.Skip(i * streamLength + 1).Take(stream.Length).Select(v => (float)v),
                targets
            );
        }
    }

    [Fact]
    public void Too_short_a_text_names_how_many_tokens_one_batch_needs()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            StatefulBatches.Arrange(new int[20], batchSize: 4, steps: 5)
        );
        Assert.Contains("20 tokens", e.Message);
        Assert.Contains("needs 21", e.Message);
    }
}
