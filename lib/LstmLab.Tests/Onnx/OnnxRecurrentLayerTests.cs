using LstmLab.Layers;
using LstmLab.Models;
using LstmLab.Onnx;
using LstmLab.Tensors;
using Xunit.Abstractions;

namespace LstmLab.Tests.Onnx;

/// <summary>
/// Gru (ONNX GRU) and Bidirectional (direction = "bidirectional") around each recurrent layer, with each merge mode and
/// sequences on and off: ONNX Runtime's outputs equal Predict's within 1e-5 of scale.
/// </summary>
public sealed class OnnxRecurrentLayerTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;
    private const int Batch = 6,
        Steps = 9,
        Features = 5,
        Units = 7;

    public static TheoryData<int, bool> GruStacks =>
        new()
        {
            { 1, false },
            { 1, true },
            { 2, false },
            { 2, true },
        };

    public static TheoryData<string, MergeMode, bool> BidirectionalCases
    {
        get
        {
            var cases = new TheoryData<string, MergeMode, bool>();
            foreach (string cell in new[] { nameof(Lstm), nameof(Gru), nameof(SimpleRnn) })
            foreach (var merge in Enum.GetValues<MergeMode>())
            foreach (bool sequences in new[] { false, true })
                cases.Add(cell, merge, sequences);
            return cases;
        }
    }

    // One or two Gru layers (the first returns sequences when stacked); resetAfter: true is the layer's only form.
    [Theory]
    [MemberData(nameof(GruStacks))]
    public void GruMatchesPredict(int layers, bool returnSequences)
    {
        var model = new Sequential(layers) { new Input(Steps, Features) };
        for (int k = 0; k < layers; k++)
            model.Add(
                new Gru(
                    Units + k,
                    returnSequences: k < layers - 1 || returnSequences,
                    recurrentDropout: 0.2,
                    resetAfter: true
                )
            );
        Check($"{layers} × Gru, sequences {returnSequences}", model);
    }

    [Theory]
    [MemberData(nameof(BidirectionalCases))]
    public void BidirectionalMatchesPredict(string cell, MergeMode merge, bool returnSequences)
    {
        Layer layer = cell switch
        {
            nameof(Lstm) => new Lstm(Units, returnSequences, dropout: 0.1),
            nameof(Gru) => new Gru(Units, returnSequences),
            _ => new SimpleRnn(Units, returnSequences),
        };
        var model = new Sequential(3)
        {
            new Input(Steps, Features),
            new Bidirectional(layer, merge),
        };
        Check($"Bidirectional({cell}, {merge}), sequences {returnSequences}", model);
    }

    // A stateful Gru gets NAME.initial_h and NAME.final_h (1, batch, H): the caller carries h from one call to the next.
    [Fact]
    public void StatefulGruCarriesItsStateAcrossCalls()
    {
        var gru = new Gru(Units, returnSequences: true, stateful: true);
        var model = new Sequential(4) { new Input(Steps, Features), gru };
        model.Build(Steps, Features);
        OnnxCheck.Randomize(model, seed: 7);
        byte[] onnx = OnnxExport.ToBytes(model);
        var state = new Tensor(1, Batch, Units);
        for (int call = 0; call < 2; call++)
        {
            var x = OnnxCheck.Inputs(call, [Batch, Steps, Features]);
            var expected = model.Predict(x, batchSize: Batch);
            var results = OnnxCheck.Run(
                onnx,
                new Dictionary<string, Tensor> { ["input"] = x, ["gru.initial_h"] = state }
            );
            state = results["gru.final_h"];
            double difference = Math.Max(
                OnnxCheck.RelativeDifference(expected, results["output"]),
                OnnxCheck.RelativeDifference(gru.FinalHiddenState.Reshape(1, Batch, Units), state)
            );
            output.WriteLine($"call {call + 1}: max difference {difference:E2} of scale");
            Assert.True(
                difference <= Tolerance,
                $"call {call + 1}: ONNX Runtime differs by {difference:E2} of scale."
            );
        }
    }

    private void Check(string name, Sequential model)
    {
        model.Build(Steps, Features);
        OnnxCheck.Randomize(model, seed: 5);
        double difference = OnnxCheck.PredictDifference(
            model,
            OnnxCheck.Inputs(6, [Batch, Steps, Features])
        );
        output.WriteLine($"{name}: max difference {difference:E2} of scale");
        Assert.True(
            difference <= Tolerance,
            $"{name}: ONNX Runtime differs from Predict by {difference:E2} of scale."
        );
    }
}
