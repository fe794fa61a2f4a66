namespace LstmLab.Layers;

/// <summary>
/// What an <see cref="Lstm"/> computed at every step of one forward pass: the gate activations,
/// the cell state and the hidden state, for looking inside the layer.
/// </summary>
/// <param name="Batch">B, the number of sequences.</param>
/// <param name="Steps">T, the number of steps.</param>
/// <param name="Units">H, the number of units.</param>
/// <param name="Gates">(T, B, 4H) activated gates i, f, g, o.</param>
/// <param name="Cells">(T+1, B, H) cell states c0 … cT.</param>
/// <param name="Hidden">(T+1, B, H) hidden states h0 … hT.</param>
public sealed record LstmTrace(
    int Batch,
    int Steps,
    int Units,
    float[] Gates,
    float[] Cells,
    float[] Hidden
)
{
    /// <summary>The gate names in PyTorch's order.</summary>
    public static readonly string[] GateNames = ["input", "forget", "cell candidate", "output"];

    /// <summary>
    /// One gate of one sequence as (T, H): <paramref name="gate"/> 0 = input i, 1 = forget f,
    /// 2 = candidate g, 3 = output o.
    /// </summary>
    public float[,] Gate(int gate, int sample)
    {
        if ((uint)gate > 3)
            throw new ArgumentOutOfRangeException(
                nameof(gate),
                $"Gate must be 0..3 (i, f, g, o), got {gate}."
            );
        CheckSample(sample);
        var result = new float[Steps, Units];
        for (int t = 0; t < Steps; t++)
        for (int j = 0; j < Units; j++)
            result[t, j] = Gates[(t * Batch + sample) * 4 * Units + gate * Units + j];
        return result;
    }

    /// <summary>The cell state of one sequence after each step, (T, H).</summary>
    public float[,] CellState(int sample) => State(Cells, sample);

    /// <summary>The hidden state of one sequence after each step, (T, H).</summary>
    public float[,] HiddenState(int sample) => State(Hidden, sample);

    private float[,] State(float[] states, int sample)
    {
        CheckSample(sample);
        var result = new float[Steps, Units];
        for (int t = 0; t < Steps; t++)
        for (int j = 0; j < Units; j++)
            result[t, j] = states[((t + 1) * Batch + sample) * Units + j];
        return result;
    }

    private void CheckSample(int sample)
    {
        if ((uint)sample >= (uint)Batch)
            throw new ArgumentOutOfRangeException(
                nameof(sample),
                $"Sample {sample} is outside the traced batch of {Batch}."
            );
    }
}
