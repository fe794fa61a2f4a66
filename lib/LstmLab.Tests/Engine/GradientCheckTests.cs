using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Tensors;

namespace LstmLab.Tests.Engine;

/// <summary>
/// Finite-difference checks of every backward pass on tiny sizes: the analytic gradient of
/// loss = Σ output ⊙ R (R fixed and random) must match (loss(v + ε) - loss(v - ε)) / 2ε for inputs and parameters.
/// </summary>
public class GradientCheckTests
{
    private const double Epsilon = 1e-3;

    public static TheoryData<string> LayerCases =>
        [
            "dense-none",
            "dense-relu",
            "dense-tanh",
            "dense-sigmoid",
            "dense-softmax",
            "dense-sequence",
            "lstm-last",
            "lstm-sequences",
            "lstm-dropout",
            "simple-rnn",
            "gru-last",
            "gru-sequences",
            "gru-dropout",
            "bidirectional-lstm-concat",
            "bidirectional-gru-mul",
            "bidirectional-rnn-ave",
            "bidirectional-lstm-sum-dropout",
            "embedding",
            "dropout",
        ];

    [Theory]
    [MemberData(nameof(LayerCases))]
    public void Layer_gradients_match_finite_differences(string name)
    {
        var (layer, x) = Create(name);
        var random = new Random(7);
        var y = Run(layer, x);
        var weights = Random(random, y.Length);
        double Loss() => Dot(Run(layer, x).Data, weights);

        Run(layer, x);
        var dx = layer.Backward(new Tensor(weights, y.Shape)).Clone();
        if (layer is not Embedding)
            CheckAgainstNumeric("input", x.Data, dx.Data, Loss);
        foreach (var p in layer.Parameters)
            CheckAgainstNumeric(p.LocalName, p.Value.Data, p.Gradient.Data, Loss);

        // Same masks on every call, so dropout is a fixed function for the check.
        Tensor Run(Layer l, Tensor input)
        {
            l.Random = new Random(3);
            if (l is Lstm lstm && lstm.Dropout > 0)
                return lstm.Forward(input, training: true);
            return l.Forward(input, training: true);
        }
    }

    [Fact]
    public void A_second_backward_pass_with_input_dropout_gives_the_same_gradients()
    {
        var (layer, x) = Create("lstm-dropout");
        layer.Random = new Random(3);
        var y = layer.Forward(x, training: true);
        var upstream = y.Clone();
        var first = layer.Backward(upstream).Clone();
        var second = layer.Backward(upstream);
        Assert.Equal(first.Data, second.Data);
    }

    public static TheoryData<string> LossCases =>
        [
            "sparse-ce",
            "sparse-ce-logits",
            "sparse-ce-fused",
            "bce",
            "bce-logits",
            "bce-fused",
            "mse",
        ];

    [Theory]
    [MemberData(nameof(LossCases))]
    public void Loss_gradients_match_finite_differences(string name)
    {
        var random = new Random(11);
        Tensor prediction,
            target;
        Loss loss;
        bool fused = name.EndsWith("fused", StringComparison.Ordinal);
        if (name.StartsWith("sparse", StringComparison.Ordinal))
        {
            loss = new SparseCategoricalCrossentropy(
                fromLogits: name.EndsWith("logits", StringComparison.Ordinal)
            );
            prediction = new Tensor(Random(random, 12), 3, 4);
            if (name == "sparse-ce")
                LstmLab.Kernels.Activations.Forward(
                    Activation.Softmax,
                    prediction.Data,
                    prediction.Data,
                    4
                );
            target = new Tensor([2, 0, 3], 3);
        }
        else if (name.StartsWith("bce", StringComparison.Ordinal))
        {
            loss = new BinaryCrossentropy(
                fromLogits: name.EndsWith("logits", StringComparison.Ordinal)
            );
            prediction = new Tensor(Random(random, 5), 5, 1);
            if (name == "bce")
                LstmLab.Kernels.Activations.Forward(
                    Activation.Sigmoid,
                    prediction.Data,
                    prediction.Data,
                    1
                );
            target = new Tensor([1, 0, 0, 1, 1], 5, 1);
        }
        else
        {
            loss = new MeanSquaredError();
            prediction = new Tensor(Random(random, 6), 3, 2);
            target = new Tensor(Random(random, 6), 3, 2);
        }
        var gradient = new float[prediction.Length];
        double Value()
        {
            var scratch = new float[prediction.Length];
            return fused
                ? loss.ComputeFromLogits(prediction, target, scratch)
                : loss.Compute(prediction, target, scratch);
        }
        if (fused)
            loss.ComputeFromLogits(prediction, target, gradient);
        else
            loss.Compute(prediction, target, gradient);
        CheckAgainstNumeric(name, prediction.Data, gradient, Value);
    }

    private static (Layer, Tensor) Create(string name)
    {
        var random = new Random(5);
        (Layer layer, int[] shape) = name switch
        {
            "dense-none" => ((Layer)new Dense(3), new[] { 2, 4 }),
            "dense-relu" => ((Layer)new Dense(3, Activation.Relu), [2, 4]),
            "dense-tanh" => ((Layer)new Dense(3, Activation.Tanh), [2, 4]),
            "dense-sigmoid" => ((Layer)new Dense(3, Activation.Sigmoid), [2, 4]),
            "dense-softmax" => ((Layer)new Dense(3, Activation.Softmax), [2, 4]),
            "dense-sequence" => ((Layer)new Dense(3, Activation.Tanh), [2, 3, 4]),
            "lstm-last" => ((Layer)new Lstm(3), [2, 4, 3]),
            "lstm-sequences" => ((Layer)new Lstm(3, returnSequences: true), [2, 4, 3]),
            "lstm-dropout" => (
                (Layer)new Lstm(3, returnSequences: true, dropout: 0.3, recurrentDropout: 0.4),
                [2, 4, 3]
            ),
            "simple-rnn" => ((Layer)new SimpleRnn(3, returnSequences: true), [2, 4, 3]),
            "gru-last" => ((Layer)new Gru(3), [2, 4, 3]),
            "gru-sequences" => ((Layer)new Gru(3, returnSequences: true), [2, 4, 3]),
            "gru-dropout" => (
                (Layer)new Gru(3, returnSequences: true, dropout: 0.3, recurrentDropout: 0.4),
                [2, 4, 3]
            ),
            "bidirectional-lstm-concat" => (
                (Layer)new Bidirectional(new Lstm(3, returnSequences: true)),
                [2, 4, 3]
            ),
            "bidirectional-gru-mul" => (
                (Layer)new Bidirectional(new Gru(3), MergeMode.Mul),
                [2, 4, 3]
            ),
            "bidirectional-rnn-ave" => (
                (Layer)new Bidirectional(new SimpleRnn(3, returnSequences: true), MergeMode.Ave),
                [2, 4, 3]
            ),
            "bidirectional-lstm-sum-dropout" => (
                (Layer)
                    new Bidirectional(
                        new Lstm(3, dropout: 0.3, recurrentDropout: 0.4),
                        MergeMode.Sum
                    ),
                [2, 4, 3]
            ),
            "embedding" => ((Layer)new Embedding(5, 3), [2, 4]),
            _ => ((Layer)new Dropout(0.5), [2, 6]),
        };
        layer.Build(shape[1..], random);
        foreach (var p in layer.Parameters)
            Random(random, p.Value.Length).CopyTo(p.Value.Data, 0);
        var x =
            layer is Embedding
                ? new Tensor([0, 4, 2, 2, 1, 3, 0, 4], shape)
                : new Tensor(Random(random, shape.Aggregate(1, (a, b) => a * b)), shape);
        return (layer, x);
    }

    private static void CheckAgainstNumeric(
        string what,
        float[] values,
        float[] analytic,
        Func<double> loss
    )
    {
        for (int i = 0; i < values.Length; i++)
        {
            float saved = values[i];
            values[i] = (float)(saved + Epsilon);
            double plus = loss();
            values[i] = (float)(saved - Epsilon);
            double minus = loss();
            values[i] = saved;
            double numeric = (plus - minus) / (2 * Epsilon);
            double error = Math.Abs(numeric - analytic[i]) / Math.Max(1, Math.Abs(numeric));
            Assert.True(error < 2e-3, $"{what}[{i}]: analytic {analytic[i]}, numeric {numeric}");
        }
    }

    private static float[] Random(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1))];

    private static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
            sum += (double)a[i] * b[i];
        return sum;
    }
}
