namespace LstmLab.Sources;

/// <summary>
/// Where fetched datasets and assets are cached. In order: the value set here,
/// the <c>LSTMLAB_DATA</c> environment variable, the <c>data/</c> folder of the LSTM Lab
/// checkout that holds the current folder or the library, then <c>~/.cache/lstmlab</c>.
/// </summary>
public static class DataCache
{
    private static string? root;

    /// <summary>The cache folder (created on first use).</summary>
    public static string Root
    {
        get
        {
            string path = root ?? DefaultRoot();
            Directory.CreateDirectory(path);
            return path;
        }
        set => root = Path.GetFullPath(value);
    }

    private static string DefaultRoot()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("LSTMLAB_DATA");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return Path.GetFullPath(fromEnvironment);
        string? checkout =
            FindCheckout(Environment.CurrentDirectory) ?? FindCheckout(AppContext.BaseDirectory);
        if (checkout is not null)
            return Path.Combine(checkout, "data");
        return Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            ".cache",
            "lstmlab"
        );
    }

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds LstmLab.slnx.</summary>
    internal static string? FindCheckout(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LstmLab.slnx")))
                return dir.FullName;
        return null;
    }
}
