using System.CommandLine;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Export;

namespace LstmLab.Cli.Commands;

/// <summary>
/// <c>lstmlab export NOTEBOOK.dib [--out FILE.cs]</c> and <c>lstmlab export --all DIR</c>: each notebook
/// as a .NET file-based app, run with <c>dotnet run FILE.cs -- [--quick] [--set name=value]... [--html OUT.html]</c>.
/// Exit code 0: written; 1: the notebook cannot be exported (the message names the cell and line).
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var notebook = new Argument<string?>("notebook")
        {
            Description = "The Polyglot notebook (.dib) to export.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var output = new Option<string?>("--out")
        {
            Description = "The app's file (default: NAME.cs beside the notebook).",
        };
        var all = new Option<string?>("--all")
        {
            Description =
                "Export every notebook of the checkout's notebooks/ folder into this folder.",
        };
        var command = new Command(
            "export",
            "Export a notebook as a .NET file-based app (dotnet run FILE.cs)."
        )
        {
            notebook,
            output,
            all,
        };
        command.SetAction(parse =>
            Export(parse.GetValue(notebook), parse.GetValue(output), parse.GetValue(all))
        );
        return command;
    }

    private static int Export(string? notebook, string? output, string? all)
    {
        try
        {
            if ((notebook is null) == (all is null))
                throw new NotebookException(
                    "Name one notebook (lstmlab export NOTEBOOK.dib [--out FILE.cs]) or a folder for all of them (lstmlab export --all DIR)."
                );
            var written = all is null
                ? [AppExport.Write(notebook!, output)]
                : AppExport.WriteAll(
                    Checkout.NotebooksFolder()
                        ?? throw new NotebookException(
                            "No LSTM Lab checkout (a folder holding LstmLab.slnx) above the current folder."
                        ),
                    all
                );
            foreach (string path in written)
                Console.WriteLine(
                    $"wrote {path}  (run: dotnet run {Path.GetFileName(path)} -- --quick --html OUT.html)"
                );
            return 0;
        }
        catch (NotebookException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
