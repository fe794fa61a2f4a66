namespace LstmLab.Data;

/// <summary>
/// A dataset that no source could provide. The message lists every source that was tried
/// and the exact command or flag that fetches the data.
/// </summary>
public sealed class DataUnavailableException : Exception
{
    /// <summary>Builds the message from the dataset name, the sources tried and how to fetch it.</summary>
    public DataUnavailableException(string dataset, IEnumerable<string> tried, string howToFetch)
        : base(
            $"{dataset} is not available. Sources tried:\n"
                + string.Concat(tried.Select(line => $"  - {line}\n"))
                + howToFetch
        ) { }
}
