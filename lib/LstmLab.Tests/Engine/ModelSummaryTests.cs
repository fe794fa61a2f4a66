using LstmLab.Layers;
using LstmLab.Models;

namespace LstmLab.Tests.Engine;

/// <summary>Model summaries of bidirectional models: Keras's parameter counts, the bias note and column widths.</summary>
public class ModelSummaryTests
{
    [Fact]
    public void Summary_of_a_bidirectional_lstm_counts_keras_one_bias_per_direction()
    {
        var model = new Sequential(0)
        {
            new Input(20),
            new Embedding(100, 8),
            new Bidirectional(new Lstm(16)),
            new Dense(1, Activation.Sigmoid),
        };
        // Embedding: 100 × 8 = 800.
        // Lstm(16) over 8 inputs, PyTorch: weight_ih 64 × 8 + weight_hh 64 × 16 + bias_ih 64 + bias_hh 64 = 1,664;
        //   two directions: 3,328. Keras has one bias (64): 1,600 a direction, 3,200.
        // Dense over the concatenated 2 × 16: 32 + 1 = 33.
        // Total 800 + 3,328 + 33 = 4,161; Keras 800 + 3,200 + 33 = 4,033.
        var summary = model.Summary();
        Assert.Equal(4161, summary.TotalParameters);
        Assert.Equal(4033, summary.KerasParameters);
        Assert.Equal(
            """
            Layer (type)                   Output Shape           Param #
            =============================================================
            embedding (Embedding)          (None, 20, 8)              800
            bidirectional (Bidirectional)  (None, 32)               3,328
            dense (Dense)                  (None, 1)                   33
            =============================================================
            Total params: 4,161
            PyTorch layout: each LSTM or SimpleRNN has two bias vectors (bias_ih, bias_hh) where Keras has one; Keras counts 4,033.
            """.ReplaceLineEndings(),
            summary.ToString().TrimEnd()
        );
    }

    [Fact]
    public void Summary_of_stacked_bidirectional_grus_matches_keras_and_fits_the_longest_name()
    {
        var model = new Sequential(0)
        {
            new Input(20),
            new Embedding(100, 8),
            new Bidirectional(new Gru(16, returnSequences: true)),
            new Bidirectional(new Gru(16)),
            new Dense(1, Activation.Sigmoid),
        };
        // Embedding: 100 × 8 = 800.
        // Gru(16) over 8 inputs: weight_ih 48 × 8 + weight_hh 48 × 16 + bias_ih 48 + bias_hh 48 = 1,248; two directions: 2,496.
        // Gru(16) over the concatenated 32: 48 × 32 + 48 × 16 + 48 + 48 = 2,400; two directions: 4,800.
        // Dense over 32: 33. Total 800 + 2,496 + 4,800 + 33 = 8,129.
        // Keras's GRU (reset_after=True) has a (2, 3H) bias, as PyTorch's two: the same 8,129.
        var summary = model.Summary();
        Assert.Equal(8129, summary.TotalParameters);
        Assert.Equal(8129, summary.KerasParameters);
        Assert.Equal(
            """
            Layer (type)                     Output Shape           Param #
            ===============================================================
            embedding (Embedding)            (None, 20, 8)              800
            bidirectional (Bidirectional)    (None, 20, 32)           2,496
            bidirectional_1 (Bidirectional)  (None, 32)               4,800
            dense (Dense)                    (None, 1)                   33
            ===============================================================
            Total params: 8,129
            Same count as Keras: a GRU (reset_after=True) has two bias vectors in both layouts.
            """.ReplaceLineEndings(),
            summary.ToString().TrimEnd()
        );
    }

    [Fact]
    public void Summary_of_a_bidirectional_simple_rnn_counts_keras_one_bias_per_direction()
    {
        var model = new Sequential(0) { new Input(20, 8), new Bidirectional(new SimpleRnn(16)) };
        // SimpleRnn(16) over 8 inputs, PyTorch: 16 × 8 + 16 × 16 + 16 + 16 = 416; two directions: 832.
        // Keras has one bias (16): 400 a direction, 800.
        var summary = model.Summary();
        Assert.Equal(832, summary.TotalParameters);
        Assert.Equal(800, summary.KerasParameters);
    }

    [Fact]
    public void Summary_without_recurrent_layers_says_the_count_is_keras_count()
    {
        var model = new Sequential(0) { new Input(8), new Dense(4) };
        Assert.Equal("Same count as Keras (no recurrent layers).", model.Summary().BiasNote);
    }
}
