using LstmLab.Tensors;

namespace LstmLab.Layers;

/// <summary>
/// What <see cref="Bidirectional"/> needs of the recurrent layer it wraps (<see cref="Lstm"/>, <see cref="Gru"/>,
/// <see cref="SimpleRnn"/>): the forward and backward pass with the states as a list (h, then c for an LSTM),
/// and a fresh copy of the layer's arguments for the reverse direction.
/// </summary>
internal interface IRecurrentLayer
{
    /// <summary>H, the size of each state.</summary>
    int Units { get; }

    /// <summary>Whether the output is every step's h (B, T, H) rather than the last (B, H).</summary>
    bool ReturnSequences { get; }

    /// <summary>Whether the layer carries its states from batch to batch.</summary>
    bool Stateful { get; }

    /// <summary>How many states the layer has: 2 (h, c) for an LSTM, 1 (h) otherwise.</summary>
    int StateCount { get; }

    /// <summary>A new, unbuilt layer with the same arguments.</summary>
    Layer CopyArguments();

    /// <summary>The forward pass from <paramref name="initialStates"/> (StateCount entries, each (B, H) or null for zeros).</summary>
    Tensor Forward(Tensor input, Tensor?[] initialStates, bool training);

    /// <summary>The backward pass with d loss / d final state (StateCount entries, each (B, H) or null when unused).</summary>
    Tensor Backward(Tensor outputGradient, Tensor?[] finalStateGradients);

    /// <summary>The final states of the last forward pass (StateCount entries, (B, H)).</summary>
    Tensor[] FinalStates { get; }

    /// <summary>d loss / d initial states from the last backward pass (StateCount entries, (B, H)).</summary>
    Tensor[] InitialStateGradients { get; }
}
