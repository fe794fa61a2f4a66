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
}

/// <summary>A scratch folder for one test's written files, deleted with everything in it.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } =
        System.IO.Path.Combine(
            System.IO.Path.GetTempPath(),
            "lstmlab-tests-" + Guid.NewGuid().ToString("N")[..8]
        );

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
