using LstmLab.IO;
using LstmLab.Layers;
using LstmLab.Tensors;
using Xunit.Abstractions;

namespace LstmLab.Tests.Engine;

/// <summary>
/// One PyTorch reference file (written by Reference/make_reference.py) and the llm.c-style check:
/// the max difference per tensor, printed with OK / NOT OK, failing above tolerance × the tensor's scale.
/// </summary>
internal sealed class ReferenceCase
{
    private readonly ITestOutputHelper output;
    private readonly List<string> failures = [];

    public ReferenceCase(string name, ITestOutputHelper output)
    {
        this.output = output;
        File = SafeTensors.Read(
            Path.Combine(AppContext.BaseDirectory, "Reference", name + ".safetensors")
        );
        output.WriteLine($"{name}: torch {File.Metadata["torch_version"]}");
    }

    public SafeTensorsFile File { get; }

    public Tensor this[string name] => File[name];

    /// <summary>Compares <paramref name="actual"/> with the reference tensor <paramref name="name"/>.</summary>
    public void Check(string name, ReadOnlySpan<float> actual, double tolerance = 1e-5)
    {
        var expected = File[name].Data;
        if (expected.Length != actual.Length)
        {
            failures.Add($"{name}: {actual.Length} values, expected {expected.Length}");
            return;
        }
        double maxDiff = 0,
            scale = 1;
        for (int i = 0; i < expected.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(expected[i] - actual[i]));
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }
        bool ok = maxDiff <= tolerance * scale;
        output.WriteLine(
            $"  {name, -32} max diff {maxDiff:E2} (scale {scale:0.###}) {(ok ? "OK" : "NOT OK")}"
        );
        if (!ok)
            failures.Add($"{name}: max diff {maxDiff:E2} > {tolerance:E0} × {scale:0.###}");
    }

    /// <summary>Fails the test listing every tensor that did not match.</summary>
    public void AssertAllMatched() => Assert.True(failures.Count == 0, string.Join("\n", failures));

    /// <summary>Copies the reference tensors into a layer's parameters: <paramref name="prefix"/> + PyTorch name without the "_l0" suffix.</summary>
    public void LoadLayer(Layer layer, string prefix = "")
    {
        foreach (var p in layer.Parameters)
            File[prefix + p.LocalName.Replace("_l0", "")].Data.CopyTo(p.Value.Data, 0);
    }
}
