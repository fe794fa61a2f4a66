using LstmLab.Sources;

namespace LstmLab.Data;

/// <summary>
/// The shared copies of datasets that no registry carries (IMDB, tiny Shakespeare, the TSDL
/// time series). Looked up in order: the folder passed in, the <c>LSTMLAB_SHARED_DATA</c>
/// environment variable, then <c>../shared/data</c> beside the LSTM Lab checkout.
/// </summary>
public static class SharedData
{
    /// <summary>The environment variable that points at the shared data folder.</summary>
    public const string EnvironmentVariable = "LSTMLAB_SHARED_DATA";

    /// <summary>
    /// The shared data folder that would be used (it may not exist), or null when neither a
    /// parameter, the environment variable nor a checkout gives one.
    /// </summary>
    public static string? Root(string? sharedRoot = null)
    {
        if (!string.IsNullOrWhiteSpace(sharedRoot))
            return Path.GetFullPath(sharedRoot);
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return Path.GetFullPath(fromEnvironment);
        string? checkout =
            DataCache.FindCheckout(Environment.CurrentDirectory)
            ?? DataCache.FindCheckout(AppContext.BaseDirectory);
        return checkout is null
            ? null
            : Path.GetFullPath(Path.Combine(checkout, "..", "shared", "data"));
    }

    /// <summary>
    /// The path of <paramref name="relativePath"/> inside the shared folder when that file exists,
    /// else null; <paramref name="tried"/> gets a line saying where it looked.
    /// </summary>
    internal static string? Find(string relativePath, string? sharedRoot, List<string> tried)
    {
        string? root = Root(sharedRoot);
        if (root is null)
        {
            tried.Add(
                $"shared copy {relativePath}: no shared folder (pass sharedRoot or set {EnvironmentVariable})"
            );
            return null;
        }
        string path = Path.Combine(root, relativePath);
        if (File.Exists(path))
            return path;
        tried.Add($"shared copy: {path} does not exist (set {EnvironmentVariable} to move it)");
        return null;
    }
}
