using LstmLab.Layers;
using LstmLab.Tensors;
using Xunit.Abstractions;

namespace LstmLab.Tests.Engine;

/// <summary>The GRU layer against PyTorch's nn.GRU (and a hand-written loop for Keras's dropout).</summary>
public class GruParityTests(ITestOutputHelper output)
{
    private static Gru Built(Gru gru, int steps, int features)
    {
        gru.Build([steps, features], new Random(0));
        return gru;
    }

    [Fact]
    public void Sequence_output_with_an_initial_state_matches_pytorch()
    {
        var r = new ReferenceCase("gru_seq_init", output);
        var gru = Built(new Gru(6, returnSequences: true), 5, 4);
        r.LoadLayer(gru);

        r.Check("out", gru.Forward(r["x"], r["h0"], training: true).Span);
        r.Check("h_n", gru.FinalHiddenState.Span);
        r.Check("grad_x", gru.Backward(r["r_out"], r["r_h"]).Span);
        r.Check("grad_h0", gru.InitialHiddenGradient.Span);
        CheckWeightGradients(r, gru);
        r.AssertAllMatched();
    }

    [Fact]
    public void Last_output_from_zero_state_matches_pytorch()
    {
        var r = new ReferenceCase("gru_last", output);
        var gru = Built(new Gru(6), 5, 4);
        r.LoadLayer(gru);

        r.Check("out", gru.Forward(r["x"], training: true).Span);
        r.Check("grad_x", gru.Backward(r["r_out"]).Span);
        CheckWeightGradients(r, gru);
        r.AssertAllMatched();
    }

    [Fact]
    public void Two_stacked_layers_with_initial_states_match_pytorch()
    {
        var r = new ReferenceCase("gru_stacked", output);
        var first = Built(new Gru(6, returnSequences: true), 5, 4);
        var second = Built(new Gru(5), 5, 6);
        r.LoadLayer(first, "l0.");
        r.LoadLayer(second, "l1.");

        var sequence = first.Forward(r["x"], r["h0_l0"], training: true);
        r.Check("out", second.Forward(sequence, r["h0_l1"], training: true).Span);
        var dSequence = second.Backward(r["r_out"]);
        r.Check("grad_h0_l1", second.InitialHiddenGradient.Span);
        r.Check("grad_x", first.Backward(dSequence).Span);
        r.Check("grad_h0_l0", first.InitialHiddenGradient.Span);
        CheckWeightGradients(r, first, "l0.");
        CheckWeightGradients(r, second, "l1.");
        r.AssertAllMatched();
    }

    [Fact]
    public void Keras_input_and_recurrent_dropout_match_a_pytorch_cell_loop()
    {
        var r = new ReferenceCase("gru_recdrop", output);
        var gru = Built(
            new Gru(6, returnSequences: true, dropout: 0.25, recurrentDropout: 0.3),
            5,
            4
        );
        r.LoadLayer(gru);
        gru.FixedMasks = (r["mask_x"].Data, r["mask_h"].Data);

        r.Check("out", gru.Forward(r["x"], training: true).Span);
        r.Check("grad_x", gru.Backward(r["r_out"]).Span);
        CheckWeightGradients(r, gru);
        r.AssertAllMatched();
    }

    [Fact]
    public void Dropout_is_off_at_inference()
    {
        var r = new ReferenceCase("gru_recdrop", output);
        var plain = Built(new Gru(6, returnSequences: true), 5, 4);
        var dropped = Built(
            new Gru(6, returnSequences: true, dropout: 0.25, recurrentDropout: 0.3),
            5,
            4
        );
        r.LoadLayer(plain);
        r.LoadLayer(dropped);
        Assert.Equal(plain.Forward(r["x"], false).Data, dropped.Forward(r["x"], false).Data);
    }

    [Fact]
    public void Reset_before_the_product_is_refused_with_the_reason()
    {
        var error = Assert.Throws<ArgumentException>(() => new Gru(4, resetAfter: false));
        Assert.Contains("resetAfter: false", error.Message);
        Assert.Contains("nn.GRU", error.Message);
    }

    [Fact]
    public void A_stateful_gru_starts_each_batch_from_the_last_final_state()
    {
        var r = new ReferenceCase("gru_seq_init", output);
        var carried = Built(new Gru(6, returnSequences: true, stateful: true), 5, 4);
        var given = Built(new Gru(6, returnSequences: true), 5, 4);
        r.LoadLayer(carried);
        r.LoadLayer(given);
        carried.Forward(r["x"], r["h0"], training: false);
        var next = carried.Forward(r["x"], training: false).Clone();
        var expected = given.Forward(r["x"], r["h_n"], training: false);
        for (int i = 0; i < next.Length; i++)
            Assert.True(Math.Abs(next.Data[i] - expected.Data[i]) < 1e-5, $"out[{i}]");
        carried.ResetStates();
        var fromZero = given.Forward(r["x"], training: false).Clone();
        Assert.Equal(fromZero.Data, carried.Forward(r["x"], training: false).Data);
    }

    private static void CheckWeightGradients(ReferenceCase r, Layer layer, string prefix = "")
    {
        foreach (var p in layer.Parameters)
            r.Check("grad_" + prefix + p.LocalName.Replace("_l0", ""), p.Gradient.Span);
    }
}
