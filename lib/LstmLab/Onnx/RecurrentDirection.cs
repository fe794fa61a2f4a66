namespace LstmLab.Onnx;

/// <summary>
/// The PyTorch-layout weights of one direction of a recurrent layer (a unidirectional layer has one, a bidirectional two:
/// forward, then backward, as ONNX stacks them on its num_directions axis).
/// </summary>
/// <param name="WeightIh">(G·H, F)</param>
/// <param name="WeightHh">(G·H, H)</param>
/// <param name="BiasIh">(G·H)</param>
/// <param name="BiasHh">(G·H)</param>
internal sealed record RecurrentDirection(
    float[] WeightIh,
    float[] WeightHh,
    float[] BiasIh,
    float[] BiasHh
);
