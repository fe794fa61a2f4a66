namespace LstmLab.Layers;

/// <summary>A tensor does not have the shape a layer, loss or model expects; the message names both.</summary>
public sealed class ShapeMismatchException(string message) : ArgumentException(message);
