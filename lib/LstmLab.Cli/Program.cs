using System.CommandLine;
using LstmLab.Cli.Commands;

namespace LstmLab.Cli;

/// <summary>The <c>lstmlab</c> command: one subcommand per file under Commands/.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand(
            "LSTM Lab: run notebooks, fetch datasets, benchmark the engine."
        );
        foreach (var command in Subcommands())
            root.Subcommands.Add(command);
        return root.Parse(args).Invoke();
    }

    private static IEnumerable<Command> Subcommands()
    {
        yield return RunCommand.Create();
        yield return ListCommand.Create();
        yield return DataCommand.Create();
        yield return BenchCommand.Create();
        yield return ExportCommand.Create();
    }
}
