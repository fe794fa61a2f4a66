using LstmLab.Data;
using LstmLab.Tensors;

namespace LstmLab.Tests.Data;

public class LabelledDataTests
{
    private static LabelledData Rows(int n) =>
        new(
            new Tensor(Enumerable.Range(0, n * 2).Select(i => (float)i).ToArray(), n, 2),
            new Tensor(Enumerable.Range(0, n).Select(i => (float)i).ToArray(), n)
        );

    [Fact]
    public void SplitLast_holds_out_the_last_fraction_like_keras()
    {
        // Keras: split_at = int(N * (1 - validation_split)) = int(10 * 0.7) = 7.
        var (first, last) = Rows(10).SplitLast(0.3);
        Assert.Equal(7, first.Count);
        Assert.Equal(3, last.Count);
        Assert.Equal(7f, last.Y[0]);
        Assert.Equal(14f, last.X[0, 0]);
    }

    [Fact]
    public void Take_keeps_the_first_rows_and_tolerates_more_than_there_are()
    {
        Assert.Equal(4, Rows(10).Take(4).Count);
        Assert.Equal(3f, Rows(10).Take(4).Y[3]);
        Assert.Equal(10, Rows(10).Take(50).Count);
    }

    [Fact]
    public void Row_counts_must_agree()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new LabelledData(new Tensor(3, 2), new Tensor(4))
        );
        Assert.Contains("(3, 2)", e.Message);
        Assert.Contains("(4,)", e.Message);
    }
}
