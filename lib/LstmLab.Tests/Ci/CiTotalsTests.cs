using LstmLab.Sources;
using LstmLab.Tests.Data;

namespace LstmLab.Tests.Ci;

/// <summary>
/// <c>.ci/totals</c>, the last step of <c>.ci/run</c>: a test run with a skipped test must not pass
/// in CI, where every dataset and tool is present. Checked on the real output of <c>dotnet test</c>
/// on a fixture project with one passing and one skipped test (<c>.ci/fixtures/one-skipped</c>).
/// </summary>
public class CiTotalsTests
{
    private static string Checkout =>
        DataCache.FindCheckout(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException(
            $"No LstmLab.slnx above {AppContext.BaseDirectory}."
        );

    [Fact]
    public void A_run_with_a_skipped_test_does_not_pass()
    {
        using var temp = new TempFolder();
        foreach (
            string file in Directory.GetFiles(Path.Combine(Checkout, ".ci/fixtures/one-skipped"))
        )
            File.Copy(file, temp.File(Path.GetFileName(file)));
        var (testStatus, testOutput) = Run("dotnet", ["test", temp.Path], temp.Path);
        Assert.True(testStatus == 0, testOutput);
        Assert.Contains("Skipped:     1", testOutput);
        string log = temp.File("test.log");
        File.WriteAllText(log, testOutput);

        var (status, totals) = Run(
            "bash",
            [Path.Combine(Checkout, ".ci/totals"), log, testStatus.ToString()],
            temp.Path
        );

        Assert.NotEqual(0, status);
        Assert.Contains("OneSkipped.Skips_for_want_of_data", totals);
        Assert.Equal("1 passed, 1 failed", totals.TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public void A_run_where_everything_passes_passes()
    {
        using var temp = new TempFolder();
        string log = temp.File("test.log");
        File.WriteAllText(
            log,
            "Passed!  - Failed:     0, Passed:    12, Skipped:     0, Total:    12, Duration: 2 s - A.dll (net10.0)\n"
                + "Passed!  - Failed:     0, Passed:     3, Skipped:     0, Total:     3, Duration: 1 s - B.dll (net10.0)\n"
        );

        var (status, totals) = Run(
            "bash",
            [Path.Combine(Checkout, ".ci/totals"), log, "0"],
            temp.Path
        );

        Assert.Equal(0, status);
        Assert.Equal("15 passed, 0 failed", totals.TrimEnd());
    }

    // A fixture's build and test run takes well under a minute; this long means it is stuck.
    private static (int, string) Run(string program, string[] arguments, string folder) =>
        ChildProcess.Run(program, arguments, folder, TimeSpan.FromMinutes(10));
}
