namespace LstmLab.Charts;

/// <summary>
/// A named list of values, one chart trace: <c>("train", history.Loss)</c> converts to a Series,
/// whether the values are doubles, floats or ints.
/// </summary>
public readonly record struct Series(string Name, double[] Values)
{
    /// <summary>A series from a name and doubles.</summary>
    public static implicit operator Series((string Name, IEnumerable<double> Values) series) =>
        new(series.Name, series.Values.ToArray());

    /// <summary>A series from a name and floats.</summary>
    public static implicit operator Series((string Name, IEnumerable<float> Values) series) =>
        new(series.Name, series.Values.Select(v => (double)v).ToArray());

    /// <summary>A series from a name and integers.</summary>
    public static implicit operator Series((string Name, IEnumerable<int> Values) series) =>
        new(series.Name, series.Values.Select(v => (double)v).ToArray());
}
