using System.CommandLine;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Parameters;
using Spectre.Console;

namespace LstmLab.Cli.Commands;

/// <summary>
/// <c>lstmlab list [FOLDER]</c>: the notebooks in FOLDER (default: the checkout's notebooks/), each
/// with its title and its parameters' types, default and quick values.
/// </summary>
public static class ListCommand
{
    public static Command Create()
    {
        var folder = new Argument<string?>("folder")
        {
            Description =
                "The folder of .dib notebooks (default: the checkout's notebooks/ folder).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("list", "List the notebooks and their parameters.") { folder };
        command.SetAction(parse => List(parse.GetValue(folder)));
        return command;
    }

    private static int List(string? folder)
    {
        folder ??= Checkout.NotebooksFolder();
        if (folder is null || !Directory.Exists(folder))
        {
            Console.Error.WriteLine(
                folder is null
                    ? "error: no LSTM Lab checkout (a folder holding LstmLab.slnx) above the current folder; name the notebooks folder: lstmlab list FOLDER"
                    : $"error: notebooks folder not found: {Path.GetFullPath(folder)}"
            );
            return 1;
        }
        var files = Directory.GetFiles(folder, "*.dib").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            Console.WriteLine($"No .dib notebooks in {Path.GetFullPath(folder)}.");
            return 0;
        }
        var table = new Table()
            .Title(Markup.Escape(Path.GetFullPath(folder)))
            .AddColumns("Notebook", "Title", "Parameter", "Type", "Default", "Quick", "One of");
        foreach (var file in files)
            AddRows(table, file);
        AnsiConsole.Write(table);
        return 0;
    }

    private static void AddRows(Table table, string file)
    {
        string name = Markup.Escape(Path.GetFileName(file));
        Notebook notebook;
        ParametersCell? parameters;
        try
        {
            notebook = DibParser.Load(file);
            parameters = ParametersCell.Find(notebook);
        }
        catch (NotebookException e)
        {
            table.AddRow(name, $"[red]{Markup.Escape(e.Message)}[/]", "", "", "", "", "");
            return;
        }
        string title = Markup.Escape(notebook.Title);
        if (parameters is null || parameters.Parameters.Count == 0)
        {
            table.AddRow(name, title, "[grey](none)[/]", "", "", "", "");
            return;
        }
        bool first = true;
        foreach (var p in parameters.Parameters)
        {
            table.AddRow(
                first ? name : "",
                first ? title : "",
                Markup.Escape(p.Name),
                p.Type.Keyword(),
                Markup.Escape(p.Default),
                Markup.Escape(p.Quick ?? ""),
                Markup.Escape(string.Join(", ", p.Allowed ?? []))
            );
            first = false;
        }
    }
}
