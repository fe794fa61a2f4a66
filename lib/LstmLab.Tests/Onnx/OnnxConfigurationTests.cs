using LstmLab.Layers;
using LstmLab.Models;
using LstmLab.Onnx;
using LstmLab.Tensors;
using Xunit.Abstractions;

namespace LstmLab.Tests.Onnx;

/// <summary>
/// Random models (steps 1–40, units 1–70, batch 1–17, one to three stacked Lstm / Gru / SimpleRnn layers, some of them
/// Bidirectional with a random merge mode, sequences on and off, Dense with each activation) and the stateful char model: ONNX Runtime equals Predict within 1e-5 of scale.
/// </summary>
public sealed class OnnxConfigurationTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    [Fact]
    public void RandomConfigurationsMatchPredict()
    {
        var random = new Random(2026);
        var activations = Enum.GetValues<Activation>();
        var merges = Enum.GetValues<MergeMode>();
        for (int config = 0; config < 30; config++)
        {
            int steps = random.Next(1, 41),
                features = random.Next(1, 20),
                batch = random.Next(1, 18),
                stacked = random.Next(1, 4);
            var model = new Sequential(config) { new Input(steps, features) };
            var description = new List<string>
            {
                $"steps={steps} features={features} batch={batch}",
            };
            for (int k = 0; k < stacked; k++)
            {
                int units = random.Next(1, 71);
                bool sequences = k < stacked - 1 || random.Next(2) == 0;
                var (layer, text) = random.Next(4) switch
                {
                    0 => ((Layer)new SimpleRnn(units, sequences), "SimpleRnn"),
                    1 => (new Gru(units, sequences, recurrentDropout: 0.1), "Gru"),
                    _ => (new Lstm(units, sequences, recurrentDropout: 0.1), "Lstm"),
                };
                text = $"{text}({units}{(sequences ? ", sequences" : "")})";
                if (random.Next(3) == 0)
                {
                    var merge = merges[random.Next(merges.Length)];
                    (layer, text) = (
                        new Bidirectional(layer, merge),
                        $"Bidirectional({text}, {merge})"
                    );
                }
                model.Add(layer);
                if (random.Next(3) == 0)
                    model.Add(new Dropout(0.3));
                description.Add(text);
            }
            var activation = activations[config % activations.Length];
            model.Add(new Dense(random.Next(1, 12), activation));
            description.Add($"Dense({activation})");
            model.Build(steps, features);
            OnnxCheck.Randomize(model, config);
            double difference = OnnxCheck.PredictDifference(
                model,
                OnnxCheck.Inputs(config, [batch, steps, features])
            );
            string name = string.Join(" → ", description);
            output.WriteLine($"{name}: {difference:E2}");
            Assert.True(
                difference <= Tolerance,
                $"{name}: ONNX Runtime differs by {difference:E2} of scale."
            );
        }
    }

    // Notebook 06's model (full-run sizes): the caller carries the stateful layers' states from one call to the next.
    [Fact]
    public void StatefulCharModelCarriesStatesAcrossCalls()
    {
        const int vocabulary = 65,
            units = 256,
            batch = 4,
            steps = 30;
        var first = new Lstm(units, returnSequences: true, stateful: true);
        var second = new Lstm(units, returnSequences: true, stateful: true);
        var model = new Sequential(42)
        {
            new Embedding(vocabulary, 32),
            first,
            new Dropout(0.2),
            second,
            new Dropout(0.2),
            new Dense(vocabulary, Activation.Softmax),
        };
        model.Build(steps);
        OnnxCheck.Randomize(model, 6);
        byte[] onnx = OnnxExport.ToBytes(model);
        var states = new Dictionary<string, Tensor>();
        foreach (var layer in new[] { first, second })
        foreach (var state in new[] { "initial_h", "initial_c" })
            states[$"{layer.Name}.{state}"] = new Tensor(1, batch, units);
        model.ResetStates();
        for (int call = 0; call < 2; call++)
        {
            var x = OnnxCheck.Inputs(call, [batch, steps], vocabulary);
            var expected = model.Predict(x, batchSize: batch);
            var results = OnnxCheck.Run(
                onnx,
                new Dictionary<string, Tensor>(states) { ["input"] = x }
            );
            double difference = Math.Max(
                OnnxCheck.RelativeDifference(expected, results["output"]),
                Math.Max(
                    OnnxCheck.RelativeDifference(
                        first.FinalCellState.Reshape(1, batch, units),
                        results[$"{first.Name}.final_c"]
                    ),
                    OnnxCheck.RelativeDifference(
                        second.FinalHiddenState.Reshape(1, batch, units),
                        results[$"{second.Name}.final_h"]
                    )
                )
            );
            output.WriteLine($"call {call + 1}: {difference:E2}");
            Assert.True(
                difference <= Tolerance,
                $"call {call + 1}: ONNX Runtime differs by {difference:E2} of scale."
            );
            foreach (var layer in new[] { first, second })
            foreach (var state in new[] { "h", "c" })
                states[$"{layer.Name}.initial_{state}"] = results[$"{layer.Name}.final_{state}"];
        }
    }
}
