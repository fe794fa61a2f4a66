using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Execution;
using LstmLab.Notebooks.Parameters;

namespace LstmLab.Tests.Notebooks;

/// <summary>lstmlab run's options: a bad value is answered in the user's terms, with exit 1 and nothing run.</summary>
public class RunOptionsTests
{
    [Theory]
    [InlineData(
        "abc",
        "--cell-timeout abc: expected a number of seconds, e.g. --cell-timeout 600."
    )]
    [InlineData(
        "NaN",
        "--cell-timeout NaN: expected a finite number of seconds; leave the option out for no limit."
    )]
    [InlineData(
        "Infinity",
        "--cell-timeout Infinity: expected a finite number of seconds; leave the option out for no limit."
    )]
    [InlineData(
        "1e20",
        "--cell-timeout 1e20: expected at most 604800 seconds (a week); leave the option out for no limit."
    )]
    [InlineData(
        "3000000000",
        "--cell-timeout 3000000000: expected at most 604800 seconds (a week); leave the option out for no limit."
    )]
    [InlineData("0", "--cell-timeout 0: expected a number of seconds above 0.")]
    [InlineData("-5", "--cell-timeout -5: expected a number of seconds above 0.")]
    public void A_cell_timeout_that_is_not_a_usable_number_of_seconds_says_what_is_expected(
        string text,
        string message
    )
    {
        var e = Assert.Throws<NotebookException>(() => RunOptions.ParseCellTimeout(text));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_cell_timeout_in_seconds_is_read_with_a_decimal_point()
    {
        Assert.Equal(TimeSpan.FromSeconds(2.5), RunOptions.ParseCellTimeout("2.5"));
        Assert.Null(RunOptions.ParseCellTimeout(null));
    }

    [Fact]
    public void Set_without_an_equals_sign_shows_the_form_it_needs()
    {
        var e = Assert.Throws<NotebookException>(() =>
            ParameterBinding.ParseAssignments(["epochs"])
        );
        Assert.Equal(
            "--set epochs: expected name=value (e.g. --set epochs=3), found no '='.",
            e.Message
        );
    }

    [Fact]
    public async Task The_command_line_answers_a_bad_cell_timeout_with_its_message_and_exit_1()
    {
        var (exitCode, _, stderr) = await LstmlabProcess.RunAsync(
            "run",
            Fixtures.PathOf("basics.dib"),
            "--cell-timeout",
            "abc"
        );

        Assert.Equal(1, exitCode);
        Assert.Contains(
            "--cell-timeout abc: expected a number of seconds, e.g. --cell-timeout 600.",
            stderr
        );
        Assert.DoesNotContain("System.", stderr);
    }
}
