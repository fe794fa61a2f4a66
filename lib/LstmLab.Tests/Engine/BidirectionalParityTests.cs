using LstmLab.Layers;
using LstmLab.Tensors;
using Xunit.Abstractions;

namespace LstmLab.Tests.Engine;

/// <summary>Bidirectional around each recurrent layer and in each merge mode against PyTorch's bidirectional=True.</summary>
public class BidirectionalParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases =>
        [
            "bilstm_concat",
            "bilstm_sum",
            "bilstm_mul",
            "bilstm_ave",
            "bigru_concat",
            "bigru_sum",
            "bigru_mul",
            "bigru_ave",
            "birnn_concat",
        ];

    // bilstm: sequences from given (h0, c0); bigru: last outputs from a given h0; birnn: sequences from zero state.
    [Theory]
    [MemberData(nameof(Cases))]
    public void Outputs_final_states_and_gradients_match_pytorch(string name)
    {
        var r = new ReferenceCase(name, output);
        string kind = name[..name.IndexOf('_')];
        var mode = Enum.Parse<MergeMode>(name[(name.IndexOf('_') + 1)..], ignoreCase: true);
        Layer inner = kind switch
        {
            "bilstm" => new Lstm(6, returnSequences: true),
            "bigru" => new Gru(6),
            _ => new SimpleRnn(6, returnSequences: true),
        };
        var layer = new Bidirectional(inner, mode);
        layer.Build([5, 4], new Random(0));
        foreach (var p in layer.Parameters)
            r[p.LocalName].Data.CopyTo(p.Value.Data, 0);

        Tensor[]? initial = kind switch
        {
            "bilstm" =>
            [
                Direction(r["h0"], 0),
                Direction(r["c0"], 0),
                Direction(r["h0"], 1),
                Direction(r["c0"], 1),
            ],
            "bigru" => [Direction(r["h0"], 0), Direction(r["h0"], 1)],
            _ => null,
        };
        r.Check("out", layer.Forward(r["x"], initial, training: true).Span);
        int states = kind == "bilstm" ? 2 : 1;
        var finals = layer.FinalStates;
        r.Check("h_n", [.. finals[0].Data, .. finals[states].Data]);
        if (kind == "bilstm")
            r.Check("c_n", [.. finals[1].Data, .. finals[3].Data]);

        Tensor[] finalGradients =
            kind == "bilstm"
                ?
                [
                    Direction(r["r_h"], 0),
                    Direction(r["r_c"], 0),
                    Direction(r["r_h"], 1),
                    Direction(r["r_c"], 1),
                ]
                : [Direction(r["r_h"], 0), Direction(r["r_h"], 1)];
        r.Check("grad_x", layer.Backward(r["r_out"], finalGradients).Span);
        var initialGradients = layer.InitialStateGradients;
        if (kind != "birnn")
            r.Check("grad_h0", [.. initialGradients[0].Data, .. initialGradients[states].Data]);
        if (kind == "bilstm")
            r.Check("grad_c0", [.. initialGradients[1].Data, .. initialGradients[3].Data]);
        foreach (var p in layer.Parameters)
            r.Check("grad_" + p.LocalName, p.Gradient.Span);
        r.AssertAllMatched();
    }

    [Fact]
    public void Parameters_carry_pytorchs_names_with_reverse_for_the_second_direction()
    {
        var layer = new Bidirectional(new Gru(4));
        layer.Build([3, 2], new Random(0));
        Assert.Equal(
            [
                "weight_ih_l0",
                "weight_hh_l0",
                "bias_ih_l0",
                "bias_hh_l0",
                "weight_ih_l0_reverse",
                "weight_hh_l0_reverse",
                "bias_ih_l0_reverse",
                "bias_hh_l0_reverse",
            ],
            layer.Parameters.Select(p => p.LocalName)
        );
        Assert.Equal([8], layer.OutputShape);
    }

    [Fact]
    public void One_and_two_threads_give_the_same_results()
    {
        float[][] Run(int threads)
        {
            int saved = LstmLab.Kernels.Threading.MaxThreads;
            LstmLab.Kernels.Threading.MaxThreads = threads;
            try
            {
                var random = new Random(2);
                var x = new Tensor(
                    [.. Enumerable.Range(0, 40 * 9 * 5).Select(_ => (float)random.NextDouble())],
                    40,
                    9,
                    5
                );
                var layer = new Bidirectional(
                    new Lstm(12, returnSequences: true, recurrentDropout: 0.2)
                );
                layer.Build([9, 5], new Random(1));
                layer.Random = new Random(4);
                var y = layer.Forward(x, training: true).Clone();
                var dx = layer.Backward(y).Clone();
                return [y.Data, dx.Data, .. layer.Parameters.Select(p => p.Gradient.Data)];
            }
            finally
            {
                LstmLab.Kernels.Threading.MaxThreads = saved;
            }
        }
        var one = Run(1);
        var two = Run(2);
        for (int i = 0; i < one.Length; i++)
            Assert.Equal(one[i], two[i]);
    }

    [Fact]
    public void A_stateful_or_non_recurrent_layer_is_refused()
    {
        var stateful = Assert.Throws<ArgumentException>(() =>
            new Bidirectional(new Lstm(4, stateful: true))
        );
        Assert.Contains("stateful", stateful.Message);
        var dense = Assert.Throws<ArgumentException>(() => new Bidirectional(new Dense(4)));
        Assert.Contains("Dense", dense.Message);
    }

    // Direction d's (B, H) slice of a PyTorch state (2, B, H).
    private static Tensor Direction(Tensor state, int direction)
    {
        int b = state.Shape[1],
            h = state.Shape[2];
        return new Tensor(state.Data.AsSpan(direction * b * h, b * h).ToArray(), b, h);
    }
}
