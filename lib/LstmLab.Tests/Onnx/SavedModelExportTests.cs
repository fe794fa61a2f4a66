using LstmLab.Layers;
using LstmLab.Losses;
using LstmLab.Models;
using LstmLab.Onnx;
using LstmLab.Optimizers;
using LstmLab.Tensors;
using LstmLab.Tests.Engine;

namespace LstmLab.Tests.Onnx;

/// <summary>
/// <see cref="Sequential.FromFile"/> rebuilds a model from a weights file or a checkpoint (what <c>lstmlab export-model</c>
/// reads), and its ONNX export gives the saved model's predictions.
/// </summary>
public sealed class SavedModelExportTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("lstmlab-saved-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    public static TheoryData<string> Models =>
        new() { "mnist", "stacked-dropout", "embedding-any-length", "simple-rnn-relu" };

    private static (Sequential Model, int[] Item, int Vocabulary) Create(string name) =>
        name switch
        {
            "mnist" => (
                new Sequential(1)
                {
                    new Input(28, 28),
                    new Lstm(8, recurrentDropout: 0.15),
                    new Dense(10, Activation.Softmax),
                },
                [28, 28],
                0
            ),
            "stacked-dropout" => (
                new Sequential(2)
                {
                    new Input(6, 3),
                    new Lstm(5, returnSequences: true, dropout: 0.25),
                    new Dropout(0.5),
                    new Lstm(4, returnSequences: true, stateful: true),
                    new Dense(2, Activation.Tanh),
                },
                [6, 3],
                0
            ),
            "embedding-any-length" => (
                new Sequential(3)
                {
                    new Embedding(40, 6),
                    new Lstm(7),
                    new Dense(40, Activation.Softmax),
                },
                [9],
                40
            ),
            "simple-rnn-relu" => (
                new Sequential(4)
                {
                    new Input(5, 2),
                    new SimpleRnn(6, returnSequences: true),
                    new SimpleRnn(3),
                    new Dense(4, Activation.Relu),
                },
                [5, 2],
                0
            ),
            _ => throw new ArgumentException(name),
        };

    [Theory]
    [MemberData(nameof(Models))]
    public void WeightsFileRebuildsTheModelAndExportsIt(string name)
    {
        var (model, item, vocabulary) = Create(name);
        model.Build(item);
        OnnxCheck.Randomize(model, 8);
        string weights = Path.Combine(folder, $"{name}.safetensors");
        model.SaveWeights(weights);
        var x = OnnxCheck.Inputs(9, [3, .. item], vocabulary);
        model.ResetStates();
        var expected = model.Predict(x, batchSize: 3);

        var rebuilt = Sequential.FromFile(weights);
        // Same layers and weights; a model saved without an Input layer comes back taking any number of steps.
        Assert.Equal(ModelDescription.Write(model.Layers), ModelDescription.Write(rebuilt.Layers));
        Assert.Equal(model.Summary().TotalParameters, rebuilt.Summary().TotalParameters);
        Assert.Equal(expected.Data, rebuilt.Predict(x, batchSize: 3).Data);
        string onnx = Path.Combine(folder, $"{name}.onnx");
        rebuilt.SaveOnnx(onnx);
        var actual = OnnxCheck.Run(File.ReadAllBytes(onnx), OnnxCheck.StartInputs(rebuilt, x))[
            "output"
        ];
        Assert.True(OnnxCheck.RelativeDifference(expected, actual) <= 1e-5);
    }

    [Fact]
    public void CheckpointRebuildsTheModel()
    {
        var model = new Sequential(5) { new Input(4, 2), new Lstm(3), new Dense(1) };
        model.Compile(new Adam(), new MeanSquaredError());
        var x = OnnxCheck.Inputs(1, [8, 4, 2]);
        model.Fit(x, OnnxCheck.Inputs(2, [8, 1]), epochs: 1, batchSize: 4, verbose: 0);
        string checkpoint = Path.Combine(folder, "model.ckpt.safetensors");
        model.Save(checkpoint);
        var rebuilt = Sequential.FromFile(checkpoint);
        Assert.Equal(model.Predict(x).Data, rebuilt.Predict(x).Data);
    }

    // Weights files written before the Input layer recorded its shape: the features come from the first weight.
    [Fact]
    public void AnOlderDescriptionWithoutTheInputShapeRebuildsFromTheWeights()
    {
        var model = new Sequential(6) { new Input(4, 2), new Lstm(3), new Dense(1) };
        model.Build(4, 2);
        string path = Path.Combine(folder, "old.safetensors");
        LstmLab.IO.SafeTensors.Write(
            path,
            model.Parameters.ToDictionary(p => p.Name, p => p.Value),
            new Dictionary<string, string>
            {
                ["layers"] = "input=Input(); lstm=Lstm(units=3); dense=Dense(units=1)",
            }
        );
        var rebuilt = Sequential.FromFile(path);
        var x = OnnxCheck.Inputs(3, [2, 4, 2]);
        Assert.Equal(model.Predict(x).Data, rebuilt.Predict(x).Data);
        Assert.Equal(
            "lstm=Lstm(units=3); dense=Dense(units=1)",
            ModelDescription.Write(rebuilt.Layers)
        );
    }

    [Fact]
    public void AFileWithoutLayersIsRefusedByName()
    {
        string path = Path.Combine(folder, "torch.safetensors");
        LstmLab.IO.SafeTensors.Write(
            path,
            new Dictionary<string, Tensor> { ["lstm.weight_ih_l0"] = new Tensor(4, 2) },
            new Dictionary<string, string> { ["format"] = "pt" }
        );
        var error = Assert.Throws<InvalidDataException>(() => Sequential.FromFile(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("records no layers", error.Message);
    }

    public static TheoryData<string, string> RecurrentModels => SavedModelCases.All();

    // A model with a Gru or a Bidirectional, saved either way, through the command itself.
    [Theory]
    [MemberData(nameof(RecurrentModels))]
    public void ExportModelWritesASavedGruOrBidirectionalModelThatOnnxRuntimeRuns(
        string name,
        string saved
    )
    {
        var (model, x) = SavedModelCases.Create(name);
        string path = SavedModelCases.Save(model, saved, folder),
            onnx = Path.Combine(folder, $"{name}.onnx");
        model.ResetStates();
        var expected = model.Predict(x, batchSize: x.Shape[0]);

        Assert.Equal(0, LstmLab.Cli.Program.Main(["export-model", path, "--onnx", onnx]));
        var actual = OnnxCheck.Run(File.ReadAllBytes(onnx), OnnxCheck.StartInputs(model, x))[
            "output"
        ];
        Assert.True(OnnxCheck.RelativeDifference(expected, actual) <= 1e-5);
    }
}
