using LstmLab.Notebooks.Output;

namespace LstmLab.Tests.Notebooks;

/// <summary>A report that cannot be written says which file the user asked for, never our temporary file.</summary>
public class AtomicFileTests
{
    [Fact]
    public void A_failed_write_names_the_file_asked_for_and_leaves_no_temporary_file()
    {
        using var temp = new TempFolder();
        string taken = Path.Combine(temp.Path, "report.html");
        Directory.CreateDirectory(taken); // a folder where the file should go: the rename fails

        var e = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(taken, "<html>"));

        Assert.StartsWith($"Could not write {taken}: ", e.Message);
        Assert.DoesNotContain(".tmp", e.Message);
        Assert.Equal([taken], Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Only_temporary_files_of_the_given_path_are_removed_as_stale()
    {
        using var temp = new TempFolder();
        string report = Path.Combine(temp.Path, "report.html");
        string[] ours = [report + ".0a1b2c3d.tmp", report + ".ffffffff.tmp"];
        string[] kept = [report + ".notes.tmp", Path.Combine(temp.Path, "other.html.0a1b2c3d.tmp")];
        foreach (var path in ours.Concat(kept))
            File.WriteAllText(path, "");

        Assert.Equal(2, AtomicFile.RemoveStale(report));

        Assert.Equal(
            kept.Order(StringComparer.Ordinal),
            Directory.GetFiles(temp.Path).Order(StringComparer.Ordinal)
        );
    }
}
