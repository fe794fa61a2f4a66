using LstmLab.IO;
using LstmLab.Layers;
using LstmLab.Models;
using LstmLab.Tensors;

namespace LstmLab.Tests.Engine;

/// <summary>
/// <see cref="Sequential.FromFile"/> rebuilds every layer type from the description a saved file records, and refuses a
/// description it cannot rebuild with the file, the layer and the value.
/// </summary>
public sealed class FromFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("lstmlab-fromfile-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    public static TheoryData<string, string> Cases => SavedModelCases.All();

    [Theory]
    [MemberData(nameof(Cases))]
    public void ASavedModelComesBackWithTheSamePredictions(string name, string saved)
    {
        var (model, x) = SavedModelCases.Create(name);
        string path = SavedModelCases.Save(model, saved, folder);

        var rebuilt = Sequential.FromFile(path);
        Assert.Equal(ModelDescription.Write(model.Layers), ModelDescription.Write(rebuilt.Layers));
        Assert.Equal(model.Summary().TotalParameters, rebuilt.Summary().TotalParameters);
        model.ResetStates();
        Assert.Equal(
            model.Predict(x, batchSize: x.Shape[0]).Data,
            rebuilt.Predict(x, batchSize: x.Shape[0]).Data
        );
    }

    [Fact]
    public void EveryLayerTypeOfTheLibraryCanBeRebuilt()
    {
        var layerTypes = typeof(Layer)
            .Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Layer)) && !t.IsAbstract)
            .Select(t => t.Name);
        Assert.Equal(layerTypes.Order(), LayerFactory.Types.Order());
    }

    [Theory]
    [InlineData("dense=Frobnicate(units=1)", "Frobnicate")]
    [InlineData("bidirectional=Bidirectional(Lsmt(units=3), merge_mode=concat)", "Lsmt")]
    [InlineData(
        "bidirectional=Bidirectional(Lstm(units=3), merge_mode=diagonal)",
        "merge_mode=diagonal"
    )]
    [InlineData("bidirectional=Bidirectional(Dense(units=3), merge_mode=sum)", "got Dense")]
    [InlineData("bidirectional=Bidirectional(merge_mode=sum)", "wraps 0 layers")]
    [InlineData("gru=Gru(units=three)", "units=three")]
    [InlineData("gru=Gru(units=3, dropout=lots)", "dropout=lots")]
    [InlineData("gru=Gru(units=3, dropout=1.5)", "got 1.5")]
    [InlineData("gru=Gru(units=3, peepholes)", "peepholes")]
    [InlineData("gru=Gru(units=3, return_sequences=yes)", "return_sequences")]
    [InlineData("gru=Gru(Lstm(units=3), units=3)", "Lstm(…)")]
    [InlineData("dense=Dense(units=1, activation=Swish)", "activation=Swish")]
    [InlineData("simple_rnn=SimpleRnn(units=3", "SimpleRnn(units=3")]
    public void ADescriptionThatCannotBeRebuiltIsRefusedWithTheFileTheLayerAndTheValue(
        string entry,
        string value
    )
    {
        string path = Path.Combine(folder, "described.safetensors");
        SafeTensors.Write(
            path,
            new Dictionary<string, Tensor> { ["dense.weight"] = new Tensor(1, 2) },
            new Dictionary<string, string>
            {
                [ModelDescription.Key] = $"input=Input(shape=4x2); {entry}",
            }
        );
        var error = Assert.Throws<InvalidDataException>(() => Sequential.FromFile(path));
        Assert.StartsWith($"{path}: layer '{entry}'", error.Message);
        Assert.Contains(value, error.Message);
    }
}
