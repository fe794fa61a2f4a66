using LstmLab.Notebooks.Documents;

namespace LstmLab.Tests.Notebooks;

/// <summary>
/// Tests that run notebooks change the process's working directory and console while cells run,
/// so they run alone, after the tests that may run in parallel.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookRuns
{
    public const string Name = "Notebook runs";
}

/// <summary>The fixture notebooks copied beside the test assembly.</summary>
internal static class Fixtures
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Notebooks", "Fixtures");

    public static string PathOf(string name) => Path.Combine(Folder, name);

    public static Notebook Load(string name) => DibParser.Load(PathOf(name));

    /// <summary>A scratch folder for one test's written files.</summary>
    public static string TempFolder()
    {
        string path = Path.Combine(
            Path.GetTempPath(),
            "lstmlab-tests",
            Guid.NewGuid().ToString("N")[..8]
        );
        Directory.CreateDirectory(path);
        return path;
    }
}
