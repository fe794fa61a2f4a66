using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Optimizers;
using LstmLab.Tensors;

namespace LstmLab.Tests.Engine;

/// <summary>
/// Predict and Evaluate run an Lstm through <c>Infer</c>, which keeps only the current step: the same bits as
/// <c>Forward(training: false)</c>, and a Trace or Backward after it runs the pass again keeping every step.
/// </summary>
public class LstmInferTests
{
    // (batch, steps, features, units, returnSequences): one row part and two, tails of the vector width
    public static TheoryData<int, int, int, int, bool> Shapes =>
        new()
        {
            { 5, 3, 2, 7, false },
            { 40, 6, 3, 20, true },
            { 64, 9, 28, 32, false },
            { 33, 4, 1, 50, true },
        };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Infer_gives_the_bits_of_Forward(
        int batch,
        int steps,
        int features,
        int units,
        bool returnSequences
    )
    {
        var lstm = Built(new Lstm(units, returnSequences), steps, features);
        var x = Random(batch, steps, features, seed: units);

        var kept = lstm.Forward(x, training: false);
        var (output, hidden, cell) = (
            kept.Data.ToArray(),
            Copy(lstm.FinalHiddenState),
            Copy(lstm.FinalCellState)
        );
        var inferred = lstm.Infer(x);

        Assert.Equal(kept.Shape, inferred.Shape);
        Assert.Equal(output, inferred.Data);
        Assert.Equal(hidden, lstm.FinalHiddenState.Data);
        Assert.Equal(cell, lstm.FinalCellState.Data);
    }

    [Fact]
    public void A_stateful_layer_carries_the_same_states_through_Infer()
    {
        var kept = Built(new Lstm(6, stateful: true), 4, 3);
        var inferred = Built(new Lstm(6, stateful: true), 4, 3);
        for (int batch = 0; batch < 3; batch++)
        {
            var x = Random(8, 4, 3, seed: batch);
            Assert.Equal(kept.Forward(x, training: false).Data, inferred.Infer(x).Data);
        }
    }

    [Theory]
    [InlineData(1)] // every block through this model
    [InlineData(2)] // blocks shared with a copy of it
    public void Trace_after_a_prediction_of_several_blocks_is_the_first_blocks_pass(int threads)
    {
        var (model, lstm) = Model();
        var x = Random(300, 5, 3, seed: 4);
        int saved = LstmLab.Kernels.Threading.MaxThreads;
        LstmLab.Kernels.Threading.MaxThreads = threads;
        try
        {
            model.Predict(x, batchSize: 100);
        }
        finally
        {
            LstmLab.Kernels.Threading.MaxThreads = saved;
        }
        var traced = lstm.Trace();

        var (same, sameLstm) = Model();
        same.Forward(x.Slice(0, 100), training: false);
        var expected = sameLstm.Trace();

        Assert.Equal(expected.Batch, traced.Batch);
        Assert.Equal(expected.Gates, traced.Gates);
        Assert.Equal(expected.Cells, traced.Cells);
        Assert.Equal(expected.Hidden, traced.Hidden);
    }

    [Fact]
    public void Backward_after_an_evaluation_runs_the_pass_again_with_its_steps()
    {
        var (model, lstm) = Model();
        var (same, sameLstm) = Model();
        var x = Random(16, 5, 3, seed: 5);
        var gradient = Random(16, 1, 4, seed: 6).Reshape(16, 4);

        model.Evaluate(x, new Tensor(16, 4), batchSize: 16);
        var dx = lstm.Backward(gradient).Data.ToArray();
        same.Forward(x, training: false);
        var expected = sameLstm.Backward(gradient);

        Assert.Equal(expected.Data, dx);
        Assert.Equal(sameLstm.Parameters[0].Gradient.Data, lstm.Parameters[0].Gradient.Data);
    }

    private static (Sequential Model, Lstm Lstm) Model()
    {
        var lstm = new Lstm(4, returnSequences: false);
        var model = new Sequential(seed: 9) { new Input(5, 3), lstm };
        model.Compile(new Adam(), new MeanSquaredError());
        return (model, lstm);
    }

    private static Lstm Built(Lstm lstm, int steps, int features)
    {
        var model = new Sequential(seed: 2) { new Input(steps, features), lstm };
        model.Build([steps, features]);
        return lstm;
    }

    private static Tensor Random(int batch, int steps, int features, int seed)
    {
        var random = new Random(seed);
        var x = new Tensor(batch, steps, features);
        for (int i = 0; i < x.Length; i++)
            x.Data[i] = (float)(random.NextDouble() * 2 - 1);
        return x;
    }

    private static float[] Copy(Tensor t) => t.Data.ToArray();
}
