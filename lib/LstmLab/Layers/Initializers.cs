namespace LstmLab.Layers;

/// <summary>Keras's default weight initializers, driven by a seeded <see cref="Random"/>.</summary>
internal static class Initializers
{
    /// <summary>U(-l, l) with l = sqrt(6 / (fanIn + fanOut)) (Keras glorot_uniform).</summary>
    public static void GlorotUniform(Span<float> values, int fanOut, int fanIn, Random random)
    {
        double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        Uniform(values, -limit, limit, random);
    }

    /// <summary>U(low, high).</summary>
    public static void Uniform(Span<float> values, double low, double high, Random random)
    {
        for (int i = 0; i < values.Length; i++)
            values[i] = (float)(low + (high - low) * random.NextDouble());
    }

    /// <summary>
    /// A (rows, cols) matrix whose columns (rows ≥ cols) or rows (rows &lt; cols) are orthonormal,
    /// from a Gram–Schmidt pass over standard normal samples (Keras orthogonal, gain 1).
    /// </summary>
    public static void Orthogonal(Span<float> values, int rows, int cols, Random random)
    {
        bool tall = rows >= cols;
        int n = tall ? rows : cols; // length of each vector
        int count = tall ? cols : rows; // number of orthonormal vectors
        var q = new double[count, n];
        for (int v = 0; v < count; v++)
        {
            for (int i = 0; i < n; i++)
                q[v, i] = Normal(random);
            for (int pass = 0; pass < 2; pass++) // twice is enough for float precision
            for (int u = 0; u < v; u++)
            {
                double dot = 0;
                for (int i = 0; i < n; i++)
                    dot += q[v, i] * q[u, i];
                for (int i = 0; i < n; i++)
                    q[v, i] -= dot * q[u, i];
            }
            double norm = 0;
            for (int i = 0; i < n; i++)
                norm += q[v, i] * q[v, i];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < n; i++)
                q[v, i] /= norm;
        }
        for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
            values[r * cols + c] = (float)(tall ? q[c, r] : q[r, c]);
    }

    /// <summary>A standard normal sample (Box–Muller).</summary>
    public static double Normal(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
