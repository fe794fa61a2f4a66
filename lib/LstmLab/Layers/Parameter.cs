using LstmLab.Tensors;

namespace LstmLab.Layers;

/// <summary>A trainable tensor of a layer and the gradient accumulated for it.</summary>
public sealed class Parameter
{
    internal Parameter(Layer layer, string name, params int[] shape)
    {
        Layer = layer;
        LocalName = name;
        Value = new Tensor(shape);
        Gradient = new Tensor(shape);
    }

    /// <summary>The same tensors as <paramref name="shared"/>, registered by <paramref name="layer"/> under <paramref name="name"/>
    /// (a wrapper layer exposing its inner layers' parameters under its own names).</summary>
    internal Parameter(Layer layer, string name, Parameter shared)
    {
        Layer = layer;
        LocalName = name;
        Value = shared.Value;
        Gradient = shared.Gradient;
    }

    /// <summary>The layer that owns this parameter.</summary>
    public Layer Layer { get; }

    /// <summary>The name inside the layer, as PyTorch names it (for example <c>weight_ih_l0</c>).</summary>
    public string LocalName { get; }

    /// <summary>The full name used in saved files: <c>layer.name</c> (for example <c>lstm.weight_ih_l0</c>).</summary>
    public string Name => $"{Layer.Name}.{LocalName}";

    /// <summary>The current values.</summary>
    public Tensor Value { get; }

    /// <summary>d loss / d value, accumulated by the backward pass and cleared by the optimizer step.</summary>
    public Tensor Gradient { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Tensor.Format(Value.Shape)}";
}
