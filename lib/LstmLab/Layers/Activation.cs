namespace LstmLab.Layers;

/// <summary>The activation applied by a <see cref="Dense"/> layer after its affine map.</summary>
public enum Activation
{
    /// <summary>y = z (Keras "linear").</summary>
    None,

    /// <summary>y = max(0, z).</summary>
    Relu,

    /// <summary>y = tanh(z).</summary>
    Tanh,

    /// <summary>y = 1 / (1 + e^-z).</summary>
    Sigmoid,

    /// <summary>y_j = e^z_j / Σ_k e^z_k over the last axis.</summary>
    Softmax,
}
