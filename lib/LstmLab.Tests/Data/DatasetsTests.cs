using LstmLab.Data;

namespace LstmLab.Tests.Data;

public class DatasetsTests
{
    [Fact]
    public void Every_dataset_says_what_it_holds_and_how_to_load_it()
    {
        foreach (string name in Datasets.Names)
            Assert.Matches("^(images|text|series): .+; [A-Za-z]+\\.Load", Datasets.Describe(name));
        Assert.StartsWith("images: clothing", Datasets.Describe("fashion-mnist"));
        Assert.EndsWith("Mnist.LoadFashion()", Datasets.Describe("fashion-mnist"));
        var e = Assert.Throws<ArgumentException>(() => Datasets.Describe("cifar"));
        Assert.Contains("known: mnist, fashion-mnist, imdb", e.Message);
    }

    [Fact]
    public void Every_time_series_is_a_dataset()
    {
        Assert.All(TimeSeries.Names, name => Assert.Contains(name, Datasets.Names));
    }
}
