using Google.Protobuf;
using LstmLab.IO;
using LstmLab.Models;

namespace LstmLab.Onnx;

/// <summary>
/// Writes a <see cref="Sequential"/> model as an ONNX file for ONNX Runtime (C#, Python, JavaScript, mobile):
/// input <c>input</c> (batch, …) as float32 (token ids too, as for <see cref="Sequential.Predict"/>), output <c>output</c>,
/// batch (and, for models of any sequence length, steps) as symbolic axes, opset <see cref="Opset"/>,
/// and the model's summary in the metadata under <c>summary</c>. docs/weights.md gives the weight mapping.
/// </summary>
public static class OnnxExport
{
    /// <summary>The name of the graph input.</summary>
    public const string InputName = "input";

    /// <summary>The name of the graph output (the last layer's output).</summary>
    public const string OutputName = "output";

    /// <summary>The symbolic name of the batch axis.</summary>
    public const string BatchAxis = "batch";

    /// <summary>The symbolic name of the steps axis of a model that takes sequences of any length.</summary>
    public const string StepsAxis = "steps";

    /// <summary>The ONNX operator set the model uses.</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version that goes with <see cref="Opset"/>.</summary>
    public const int IrVersion = 8;

    /// <summary>
    /// Writes <paramref name="model"/> to <paramref name="path"/> atomically. Throws <see cref="NotSupportedException"/>
    /// naming the layer when a layer has no ONNX form, and writes nothing then.
    /// </summary>
    public static void Save(Sequential model, string path)
    {
        var proto = OnnxModelBuilder.Build(model);
        AtomicFile.Write(path, stream => proto.WriteTo(stream));
    }

    /// <summary>The ONNX model of <paramref name="model"/> as bytes (what <see cref="Save"/> writes).</summary>
    public static byte[] ToBytes(Sequential model) => OnnxModelBuilder.Build(model).ToByteArray();
}
