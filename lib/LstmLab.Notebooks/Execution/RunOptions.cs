using System.Globalization;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Formatting;

namespace LstmLab.Notebooks.Execution;

/// <summary>How <see cref="NotebookJob"/> and <see cref="NotebookRunner"/> run cells.</summary>
public sealed record RunOptions
{
    /// <summary>A cell still running after this long fails the run (<c>--cell-timeout</c>); null waits forever.</summary>
    public TimeSpan? CellTimeout { get; init; }

    /// <summary>
    /// How long a cell may go on after an interrupt (<see cref="RunControl"/>) before its process is
    /// ended: long enough for training to finish its batch and write its checkpoint.
    /// </summary>
    public TimeSpan InterruptGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Formats displayed and returned values; the kernel's convention by default. Used by the
    /// in-process <see cref="NotebookRunner"/>; <see cref="NotebookJob"/>'s worker process always
    /// formats by the kernel's convention.
    /// </summary>
    public IOutputFormatter Formatter { get; init; } = new KernelConventionFormatter();

    /// <summary>The longest <c>--cell-timeout</c>: a week, in seconds.</summary>
    public const double MaxCellTimeoutSeconds = 7 * 24 * 3600;

    /// <summary>
    /// Reads <c>--cell-timeout SECONDS</c> (null: no limit); throws <see cref="NotebookException"/>
    /// unless it is a number of seconds above 0 and at most <see cref="MaxCellTimeoutSeconds"/>.
    /// </summary>
    public static TimeSpan? ParseCellTimeout(string? text)
    {
        if (text is null)
            return null;
        if (
            !double.TryParse(
                text,
                NumberStyles.Float,
                CultureInfo.InvariantCulture,
                out double seconds
            )
        )
            throw new NotebookException(
                $"--cell-timeout {text}: expected a number of seconds, e.g. --cell-timeout 600."
            );
        if (!double.IsFinite(seconds))
            throw new NotebookException(
                $"--cell-timeout {text}: expected a finite number of seconds; leave the option out for no limit."
            );
        if (seconds <= 0)
            throw new NotebookException(
                $"--cell-timeout {text}: expected a number of seconds above 0."
            );
        if (seconds > MaxCellTimeoutSeconds)
            throw new NotebookException(
                $"--cell-timeout {text}: expected at most {MaxCellTimeoutSeconds:0} seconds (a week); leave the option out for no limit."
            );
        return TimeSpan.FromSeconds(seconds);
    }
}
