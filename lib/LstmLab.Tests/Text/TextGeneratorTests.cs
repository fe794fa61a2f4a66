using LstmLab.Data;
using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Optimizers;
using LstmLab.Tensors;
using LstmLab.Text;

namespace LstmLab.Tests.Text;

public class TextGeneratorTests
{
    private static Sequential Model(bool stateful)
    {
        var model = new Sequential(seed: 4)
        {
            new Embedding(6, 5),
            new Lstm(8, returnSequences: true, stateful: stateful),
            new Lstm(8, returnSequences: true, stateful: stateful),
            new Dense(6, Activation.Softmax),
        };
        model.Compile(new Adam(), new SparseCategoricalCrossentropy());
        model.Build(3);
        return model;
    }

    [Fact]
    public void Greedy_generation_step_by_step_equals_rereading_the_whole_text_each_step()
    {
        var stateful = Model(stateful: true);
        var whole = Model(stateful: false);
        whole.SetWeights(stateful.GetWeights());
        int[] prime = [1, 4, 2];

        int[] generated = TextGenerator.Generate(stateful, prime, 12, 0, new Random(1));

        var text = prime.ToList();
        foreach (int id in generated)
        {
            var output = whole.Predict(
                new Tensor([.. text.Select(t => (float)t)], 1, text.Count),
                batchSize: 1
            );
            var last = output.Data.AsSpan((text.Count - 1) * 6, 6);
            Assert.Equal(TopK.Of(last, 1)[0].Id, id);
            text.Add(id);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_characters()
    {
        var model = Model(stateful: true);
        var vocabulary = CharVocabulary.Build("abcdef");
        string first = TextGenerator.Generate(model, vocabulary, "cab", 30, 1.0, seed: 7);
        string again = TextGenerator.Generate(model, vocabulary, "cab", 30, 1.0, seed: 7);
        Assert.Equal(30, first.Length);
        Assert.Equal(first, again);
        Assert.All(first, c => Assert.Contains(c, "abcdef"));
    }

    [Fact]
    public void A_model_without_stateful_layers_is_refused_with_the_reason()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            TextGenerator.Generate(Model(stateful: false), [1], 3, 1, new Random(0))
        );
        Assert.Contains("stateful: true", e.Message);
        Assert.Contains("2 Lstm layers, 0 of them stateful", e.Message);
    }
}
