using Google.Protobuf;
using Onnx;

namespace LstmLab.Onnx;

/// <summary>
/// Builds an ONNX graph: nodes, weights (initializers), graph inputs and outputs with a symbolic batch axis.
/// Each value gets a unique name from the layer that makes it ("lstm/transpose", "lstm/transpose_1", …).
/// </summary>
internal sealed class OnnxGraph
{
    private readonly HashSet<string> names = [];

    public GraphProto Proto { get; } = new();

    /// <summary>A name not used yet in the graph, built from <paramref name="stem"/>.</summary>
    public string Name(string stem)
    {
        string name = stem;
        for (int k = 1; !names.Add(name); k++)
            name = $"{stem}_{k}";
        return name;
    }

    /// <summary>Adds a float32 weight of <paramref name="dims"/> holding <paramref name="values"/> (row-major); returns its name.</summary>
    public string Weight(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto
        {
            Name = Name(name),
            DataType = (int)TensorProto.Types.DataType.Float,
        };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        Proto.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds an int64 constant (for shapes, axes); returns its name.</summary>
    public string Int64s(string name, params long[] values)
    {
        var tensor = new TensorProto
        {
            Name = Name(name),
            DataType = (int)TensorProto.Types.DataType.Int64,
        };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        Proto.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>
    /// Adds a node of <paramref name="op"/> reading <paramref name="inputs"/> ("" for an optional input left out)
    /// and writing <paramref name="outputs"/> fresh values named after <paramref name="stem"/>; returns their names.
    /// </summary>
    public string[] Node(
        string op,
        string stem,
        string[] inputs,
        int outputs,
        params AttributeProto[] attributes
    )
    {
        var node = new NodeProto { OpType = op, Name = Name($"{stem}/{op}") };
        node.Input.AddRange(inputs);
        var outputNames = Enumerable
            .Range(0, outputs)
            .Select(_ => Name($"{stem}/{op.ToLowerInvariant()}"))
            .ToArray();
        node.Output.AddRange(outputNames);
        node.Attribute.AddRange(attributes);
        Proto.Node.Add(node);
        return outputNames;
    }

    /// <summary>A node with one output; returns its name.</summary>
    public string Node(
        string op,
        string stem,
        string[] inputs,
        params AttributeProto[] attributes
    ) => Node(op, stem, inputs, 1, attributes)[0];

    /// <summary>Declares a float32 graph input of <paramref name="shape"/> (a string is a symbolic axis, an int a fixed one).</summary>
    public void Input(string name, params object[] shape)
    {
        Reserve(name);
        Proto.Input.Add(FloatValue(name, shape));
    }

    /// <summary>Declares <paramref name="value"/> a graph output named <paramref name="name"/> (through Identity when the names differ).</summary>
    public void Output(string value, string name, params object[] shape)
    {
        if (value != name)
        {
            Reserve(name);
            var node = new NodeProto { OpType = "Identity", Name = Name($"{name}/Identity") };
            node.Input.Add(value);
            node.Output.Add(name);
            Proto.Node.Add(node);
        }
        Proto.Output.Add(FloatValue(name, shape));
    }

    private void Reserve(string name)
    {
        if (!names.Add(name))
            throw new InvalidOperationException($"ONNX value name '{name}' is used twice.");
    }

    private static ValueInfoProto FloatValue(string name, object[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var axis in shape)
            tensorShape.Dim.Add(
                axis switch
                {
                    string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                    int size => new TensorShapeProto.Types.Dimension { DimValue = size },
                    _ => throw new ArgumentException($"Axis {axis} is neither a name nor a size."),
                }
            );
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor
                {
                    ElemType = (int)TensorProto.Types.DataType.Float,
                    Shape = tensorShape,
                },
            },
        };
    }

    /// <summary>An integer attribute.</summary>
    public static AttributeProto Attribute(string name, long value) =>
        new()
        {
            Name = name,
            Type = AttributeProto.Types.AttributeType.Int,
            I = value,
        };

    /// <summary>A list-of-integers attribute.</summary>
    public static AttributeProto Attribute(string name, params long[] values)
    {
        var attribute = new AttributeProto
        {
            Name = name,
            Type = AttributeProto.Types.AttributeType.Ints,
        };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A string attribute.</summary>
    public static AttributeProto Attribute(string name, string value) =>
        new()
        {
            Name = name,
            Type = AttributeProto.Types.AttributeType.String,
            S = ByteString.CopyFromUtf8(value),
        };
}
