using LstmLab.Data;

namespace LstmLab.Tests.Data;

public class SequencesTests
{
    private static readonly int[][] Input =
    [
        [1, 2, 3, 4, 5],
        [7, 8],
    ];

    private static int[] Row(LstmLab.Tensors.Tensor t, int row) =>
        t.Data.AsSpan(row * t.Shape[1], t.Shape[1]).ToArray().Select(v => (int)v).ToArray();

    [Fact]
    public void Keras_defaults_pad_and_truncate_at_the_start()
    {
        var x = Sequences.PadSequences(Input, 3);
        Assert.Equal([2, 3], x.Shape);
        Assert.Equal([3, 4, 5], Row(x, 0));
        Assert.Equal([0, 7, 8], Row(x, 1));
    }

    [Fact]
    public void Post_pads_and_truncates_at_the_end()
    {
        var x = Sequences.PadSequences(Input, 3, PadSide.Post, PadSide.Post, value: 9);
        Assert.Equal([1, 2, 3], Row(x, 0));
        Assert.Equal([7, 8, 9], Row(x, 1));
    }

    [Fact]
    public void Pre_padding_with_post_truncating_keeps_the_start()
    {
        var x = Sequences.PadSequences(Input, 4, PadSide.Pre, PadSide.Post);
        Assert.Equal([1, 2, 3, 4], Row(x, 0));
        Assert.Equal([0, 0, 7, 8], Row(x, 1));
    }

    [Fact]
    public void Keras_text_lowercases_strips_breaks_and_splits_on_punctuation()
    {
        Assert.Equal(
            ["it's", "a", "fine", "film", "10", "10"],
            KerasText.Words("It's a FINE<br />film... 10/10!")
        );
    }
}
