namespace LstmLab.Notebooks.Documents;

/// <summary>Finds the LSTM Lab checkout: the folder holding LstmLab.slnx.</summary>
public static class Checkout
{
    /// <summary>The nearest folder at or above <paramref name="start"/> that holds LstmLab.slnx, or null.</summary>
    public static string? Find(string start)
    {
        for (
            var dir = new DirectoryInfo(Path.GetFullPath(start));
            dir is not null;
            dir = dir.Parent
        )
            if (File.Exists(Path.Combine(dir.FullName, "LstmLab.slnx")))
                return dir.FullName;
        return null;
    }

    /// <summary>The checkout's notebooks/ folder, looked for from the current folder, then from the program's.</summary>
    public static string? NotebooksFolder()
    {
        string? root = Find(Environment.CurrentDirectory) ?? Find(AppContext.BaseDirectory);
        return root is null ? null : Path.Combine(root, "notebooks");
    }
}
