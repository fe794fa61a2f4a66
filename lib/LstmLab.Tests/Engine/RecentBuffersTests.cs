using LstmLab.Kernels;
using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Optimizers;
using LstmLab.Tensors;

namespace LstmLab.Tests.Engine;

/// <summary>
/// Recurrent layers keep their step buffers for the two latest batch sizes (training's full batch and its smaller
/// last one), so an epoch does not allocate them again; what a reused buffer held before changes nothing.
/// </summary>
public class RecentBuffersTests
{
    [Fact]
    public void The_arrays_of_the_two_latest_lengths_are_handed_out_again()
    {
        var buffers = new RecentBuffers();
        var full = buffers.Get("gates", 128);
        var last = buffers.Get("gates", 40);
        Assert.True(Same(full, buffers.Get("gates", 128)));
        Assert.True(Same(last, buffers.Get("gates", 40)));
        Assert.True(Same(full, buffers.Get("gates", 128)));
        Assert.False(Same(full, buffers.Get("cells", 128)));

        var other = buffers.Get("gates", 7); // a third length replaces the one used longest ago (40)
        Assert.Equal(7, other.Length);
        Assert.True(Same(full, buffers.Get("gates", 128)));
        Assert.False(Same(last, buffers.Get("gates", 40)));
    }

    // whether two buffers are the same floats
    private static bool Same(AlignedFloats a, AlignedFloats b) =>
        a.Length == b.Length && a.Span.Overlaps(b.Span, out int offset) && offset == 0;

    public static TheoryData<string> Layers => ["lstm", "lstm-dropout", "gru", "simple"];

    [Theory]
    [MemberData(nameof(Layers))]
    public void An_epoch_on_reused_buffers_gives_the_bits_of_one_on_fresh_ones(string layer)
    {
        // 70 rows in batches of 32: 32, 32, 6, so every epoch switches between two batch sizes
        var random = new Random(3);
        var x = new Tensor(70, 5, 3);
        var y = new Tensor(70, 2);
        for (int i = 0; i < x.Length; i++)
            x.Data[i] = (float)random.NextDouble();
        for (int i = 0; i < y.Length; i++)
            y.Data[i] = (float)random.NextDouble();

        var trained = Model(layer);
        trained.Fit(x, y, epochs: 1, batchSize: 32, seed: 1, verbose: 0);
        var afterOne = trained.GetWeights();
        trained.Fit(x, y, epochs: 1, batchSize: 32, seed: 2, verbose: 0); // the buffers of the first epoch again

        var fresh = Model(layer);
        fresh.Build(5, 3);
        fresh.SetWeights(afterOne);
        fresh.Fit(x, y, epochs: 1, batchSize: 32, seed: 2, verbose: 0);

        Assert.Equal(fresh.GetWeights(), trained.GetWeights());
    }

    private static Sequential Model(string layer)
    {
        var model = new Sequential(seed: 4)
        {
            new Input(5, 3),
            layer switch
            {
                "lstm" => new Lstm(6, returnSequences: true),
                "lstm-dropout" => new Lstm(
                    6,
                    returnSequences: true,
                    dropout: 0.2,
                    recurrentDropout: 0.3
                ),
                "gru" => new Gru(6, returnSequences: true),
                _ => new SimpleRnn(6, returnSequences: true),
            },
            new Lstm(4),
            new Dense(2),
        };
        model.Compile(new Sgd(0.1), new MeanSquaredError());
        return model;
    }
}
