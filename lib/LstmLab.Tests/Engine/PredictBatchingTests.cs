using LstmLab.Layers;
using LstmLab.Models;
using LstmLab.Tensors;

namespace LstmLab.Tests.Engine;

/// <summary>Predict runs rows in padded blocks of one size: the outputs are the same bits for any batch size.</summary>
public class PredictBatchingTests
{
    [Fact]
    public void Outputs_are_the_same_bits_for_any_batch_size()
    {
        var model = new Sequential(seed: 1)
        {
            new Input(6, 3),
            new Lstm(20, returnSequences: true),
            new Lstm(9),
            new Dense(4, Activation.Softmax),
        };
        int n = Sequential.MaxPredictBlock + 45;
        var random = new Random(2);
        var x = new Tensor(n, 6, 3);
        for (int i = 0; i < x.Length; i++)
            x.Data[i] = (float)(random.NextDouble() * 2 - 1);

        var one = model.Predict(x, batchSize: 1);
        foreach (int batch in new[] { 7, 128, Sequential.MaxPredictBlock, n, 10_000 })
            Assert.Equal(one.Data, model.Predict(x, batch).Data);
        Assert.Equal([n, 4], one.Shape);
    }

    [Fact]
    public void A_stateful_model_still_runs_the_batches_it_is_given()
    {
        var model = new Sequential(seed: 3)
        {
            new Input(4, 2),
            new Lstm(5, stateful: true),
            new Dense(1),
        };
        var x = new Tensor(6, 4, 2);
        x.Span.Fill(0.5f);
        // batches of 3 carry the state from rows 0–2 into rows 3–5, so the second half differs
        var p = model.Predict(x, batchSize: 3);
        Assert.NotEqual(p.Data[0], p.Data[3]);
        Assert.Equal(p.Data[0], p.Data[1]);
    }
}
