using LstmLab.Kernels;
using LstmLab.Layers;
using LstmLab.Models;
using LstmLab.Tensors;

namespace LstmLab.Tests.Engine;

/// <summary>Predict runs rows in padded blocks of one size: the outputs are the same bits for any batch size
/// and any thread count.</summary>
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

    public static TheoryData<string> Models => ["lstm", "gru", "bidirectional", "embedding"];

    private static Sequential Model(string name) =>
        name switch
        {
            "lstm" =>
            [
                new Input(6, 3),
                new Lstm(20, returnSequences: true),
                new Lstm(9),
                new Dense(4),
            ],
            "gru" => [new Input(6, 3), new Gru(12), new Dense(2, Activation.Sigmoid)],
            "bidirectional" =>
            [
                new Input(6, 3),
                new Bidirectional(new Lstm(8, returnSequences: true)),
                new Dense(3),
            ],
            _ => [new Input(6), new Embedding(50, 4), new Lstm(7), new Dense(1)],
        };

    [Theory]
    [MemberData(nameof(Models))]
    public void Blocks_on_several_threads_give_the_bits_of_one_thread(string name)
    {
        var model = Model(name);
        var x = name == "embedding" ? new Tensor(700, 6) : new Tensor(700, 6, 3);
        var random = new Random(5);
        for (int i = 0; i < x.Length; i++)
            x.Data[i] =
                name == "embedding" ? random.Next(50) : (float)(random.NextDouble() * 2 - 1);
        int saved = Threading.MaxThreads;
        try
        {
            Threading.MaxThreads = 1;
            var alone = model.Predict(x, batchSize: 64);
            Threading.MaxThreads = 3;
            Assert.Equal(alone.Data, model.Predict(x, batchSize: 64).Data);
            // new weights reach the other threads' copies
            foreach (var p in model.Parameters)
                p.Value.Span[0] += 0.25f;
            var changed = model.Predict(x, batchSize: 64);
            Threading.MaxThreads = 1;
            Assert.Equal(model.Predict(x, batchSize: 64).Data, changed.Data);
            Assert.NotEqual(alone.Data, changed.Data);
        }
        finally
        {
            Threading.MaxThreads = saved;
        }
    }

    [Fact]
    public void A_bad_token_in_a_block_of_another_thread_is_named_by_its_row()
    {
        var model = Model("embedding");
        var x = new Tensor(700, 6);
        x.Data[650 * 6 + 2] = 99;
        int saved = Threading.MaxThreads;
        try
        {
            Threading.MaxThreads = 2;
            var error = Assert.ThrowsAny<Exception>(() => model.Predict(x, batchSize: 64));
            Assert.Contains("row 650", error.Message);
        }
        finally
        {
            Threading.MaxThreads = saved;
        }
    }
}
