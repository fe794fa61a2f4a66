using LstmLab.Layers;
using LstmLab.Tensors;
using Xunit.Abstractions;

namespace LstmLab.Tests.Engine;

/// <summary>The LSTM layer against PyTorch's nn.LSTM (and a hand-written loop for Keras's dropout).</summary>
public class LstmParityTests(ITestOutputHelper output)
{
    private static Lstm Built(Lstm lstm, Tensor x)
    {
        lstm.Build([x.Shape[1], x.Shape[2]], new Random(0));
        return lstm;
    }

    [Fact]
    public void Sequence_output_with_initial_states_matches_pytorch()
    {
        var r = new ReferenceCase("lstm_seq_init", output);
        var lstm = Built(new Lstm(6, returnSequences: true), r["x"]);
        r.LoadLayer(lstm);

        var y = lstm.Forward(r["x"], r["h0"], r["c0"], training: true);
        r.Check("out", y.Span);
        r.Check("h_n", lstm.FinalHiddenState.Span);
        r.Check("c_n", lstm.FinalCellState.Span);

        var dx = lstm.Backward(r["r_out"], r["r_h"], r["r_c"]);
        r.Check("grad_x", dx.Span);
        r.Check("grad_h0", lstm.InitialHiddenGradient.Span);
        r.Check("grad_c0", lstm.InitialCellGradient.Span);
        CheckWeightGradients(r, lstm);
        r.AssertAllMatched();
    }

    [Fact]
    public void Last_output_from_zero_state_matches_pytorch()
    {
        var r = new ReferenceCase("lstm_last", output);
        var lstm = Built(new Lstm(6), r["x"]);
        r.LoadLayer(lstm);

        r.Check("out", lstm.Forward(r["x"], training: true).Span);
        r.Check("grad_x", lstm.Backward(r["r_out"]).Span);
        CheckWeightGradients(r, lstm);
        r.AssertAllMatched();
    }

    [Fact]
    public void Two_stacked_layers_match_pytorch()
    {
        var r = new ReferenceCase("lstm_stacked", output);
        var first = Built(new Lstm(6, returnSequences: true), r["x"]);
        var second = new Lstm(5, returnSequences: true);
        second.Build([5, 6], new Random(0));
        r.LoadLayer(first, "l0.");
        r.LoadLayer(second, "l1.");

        var y = second.Forward(first.Forward(r["x"], true), true);
        r.Check("out", y.Span);
        var dx = first.Backward(second.Backward(r["r_out"]));
        r.Check("grad_x", dx.Span);
        CheckWeightGradients(r, first, "l0.");
        CheckWeightGradients(r, second, "l1.");
        r.AssertAllMatched();
    }

    [Fact]
    public void Keras_input_and_recurrent_dropout_match_a_pytorch_cell_loop()
    {
        var r = new ReferenceCase("lstm_recdrop", output);
        var lstm = Built(
            new Lstm(6, returnSequences: true, dropout: 0.25, recurrentDropout: 0.3),
            r["x"]
        );
        r.LoadLayer(lstm);
        lstm.FixedMasks = (r["mask_x"].Data, r["mask_h"].Data);

        r.Check("out", lstm.Forward(r["x"], training: true).Span);
        r.Check("grad_x", lstm.Backward(r["r_out"]).Span);
        CheckWeightGradients(r, lstm);
        r.AssertAllMatched();
    }

    [Fact]
    public void Dropout_is_off_at_inference()
    {
        var r = new ReferenceCase("lstm_recdrop", output);
        var plain = Built(new Lstm(6, returnSequences: true), r["x"]);
        var dropped = Built(
            new Lstm(6, returnSequences: true, dropout: 0.25, recurrentDropout: 0.3),
            r["x"]
        );
        r.LoadLayer(plain);
        r.LoadLayer(dropped);
        Assert.Equal(plain.Forward(r["x"], false).Data, dropped.Forward(r["x"], false).Data);
    }

    [Fact]
    public void Simple_rnn_matches_pytorch()
    {
        var r = new ReferenceCase("simple_rnn", output);
        var rnn = new SimpleRnn(6, returnSequences: true);
        rnn.Build([5, 4], new Random(0));
        r.LoadLayer(rnn);

        var y = rnn.Forward(r["x"], r["h0"], training: true);
        r.Check("out", y.Span);
        r.Check("h_n", rnn.FinalHiddenState.Span);
        var dx = rnn.Backward(r["r_out"], r["r_h"]);
        r.Check("grad_x", dx.Span);
        r.Check("grad_h0", rnn.InitialHiddenGradient.Span);
        foreach (var p in rnn.Parameters)
            r.Check("grad_" + p.LocalName.Replace("_l0", ""), p.Gradient.Span);
        r.AssertAllMatched();
    }

    private static void CheckWeightGradients(ReferenceCase r, Layer layer, string prefix = "")
    {
        foreach (var p in layer.Parameters)
            r.Check("grad_" + prefix + p.LocalName.Replace("_l0", ""), p.Gradient.Span);
    }
}

/// <summary>Splitting the batch rows over threads changes nothing in the results.</summary>
public class LstmThreadingTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    public void One_and_two_threads_give_the_same_outputs_and_gradients(double recurrentDropout)
    {
        float[][] Run(int threads)
        {
            int saved = LstmLab.Kernels.Threading.MaxThreads;
            LstmLab.Kernels.Threading.MaxThreads = threads;
            try
            {
                var random = new Random(2);
                var x = new Tensor(
                    [.. Enumerable.Range(0, 64 * 9 * 5).Select(_ => (float)random.NextDouble())],
                    64,
                    9,
                    5
                );
                var lstm = new Lstm(20, returnSequences: true, recurrentDropout: recurrentDropout);
                lstm.Build([9, 5], new Random(1));
                lstm.Random = new Random(4);
                var y = lstm.Forward(x, training: true).Clone();
                var dx = lstm.Backward(y).Clone();
                return [y.Data, dx.Data, .. lstm.Parameters.Select(p => p.Gradient.Data)];
            }
            finally
            {
                LstmLab.Kernels.Threading.MaxThreads = saved;
            }
        }
        var one = Run(1);
        var two = Run(2);
        for (int i = 0; i < one.Length; i++)
        for (int k = 0; k < one[i].Length; k++)
            Assert.True(
                Math.Abs(one[i][k] - two[i][k]) <= 1e-6 * Math.Max(1, Math.Abs(one[i][k])),
                $"tensor {i}[{k}]: {one[i][k]} vs {two[i][k]}"
            );
    }
}
