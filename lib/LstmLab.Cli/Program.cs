using System.CommandLine;
using LstmLab.Cli.Commands;

namespace LstmLab.Cli;

/// <summary>The <c>lstmlab</c> command: one subcommand per file under Commands/.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand(
            "LSTM Lab: run notebooks, fetch datasets, benchmark the engine, export models."
        );
        foreach (var command in Subcommands())
            root.Subcommands.Add(command);
        // No process-termination timeout: `run` handles Ctrl+C and SIGTERM itself (RunCommand) and must
        // not be killed two seconds later while it writes the report.
        return root.Parse(args)
            .Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    private static IEnumerable<Command> Subcommands()
    {
        yield return RunCommand.Create();
        yield return ListCommand.Create();
        yield return DataCommand.Create();
        yield return BenchCommand.Create();
        yield return ExportModelCommand.Create();
        yield return ExportCommand.Create();
    }
}
