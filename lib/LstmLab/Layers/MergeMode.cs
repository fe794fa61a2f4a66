namespace LstmLab.Layers;

/// <summary>How <see cref="Bidirectional"/> combines the forward and the reverse direction (Keras's merge_mode).</summary>
public enum MergeMode
{
    /// <summary>[forward, reverse] side by side: 2H values per step (Keras's default, PyTorch's bidirectional output).</summary>
    Concat,

    /// <summary>forward + reverse.</summary>
    Sum,

    /// <summary>forward ⊙ reverse.</summary>
    Mul,

    /// <summary>(forward + reverse) / 2.</summary>
    Ave,
}
