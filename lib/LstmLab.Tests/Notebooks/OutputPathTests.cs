using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Execution;
using LstmLab.Notebooks.Output;

namespace LstmLab.Tests.Notebooks;

/// <summary>
/// Before anything runs, lstmlab run refuses outputs that would overwrite the notebook, each other,
/// or a file it did not write, and a path that is not a .dib notebook, each in one line.
/// </summary>
public class OutputPathTests
{
    private static NotebookException Refused(string notebook, string html, string ipynb) =>
        Assert.Throws<NotebookException>(() =>
            NotebookJob.Prepare(new RunRequest(notebook) { HtmlPath = html, IpynbPath = ipynb })
        );

    private static string Basics => Fixtures.PathOf("basics.dib");

    [Fact]
    public void An_output_that_is_the_notebook_itself_is_refused_naming_both()
    {
        using var temp = new TempFolder();
        string ipynb = Path.Combine(temp.Path, "out.ipynb");
        string html = Path.Combine(temp.Path, "out.html");
        string before = File.ReadAllText(Basics);

        var e = Refused(Basics, html, Basics);
        Assert.Equal(
            $"--ipynb {Basics} is the notebook itself ({Basics}): writing it would replace the notebook. Give the output another path.",
            e.Message
        );
        e = Refused(Basics, Basics, ipynb);
        Assert.StartsWith($"--html {Basics} is the notebook itself ({Basics})", e.Message);
        Assert.Equal(before, File.ReadAllText(Basics));
    }

    [Fact]
    public void The_same_path_for_both_outputs_is_refused()
    {
        using var temp = new TempFolder();
        string both = Path.Combine(temp.Path, "out");

        var e = Refused(Basics, both, both);

        Assert.Equal(
            $"--html {both} and --ipynb {both} are the same file: one output would overwrite the other. Give each its own path.",
            e.Message
        );
    }

    [Fact]
    public void An_existing_file_lstmlab_did_not_write_is_left_alone()
    {
        using var temp = new TempFolder();
        string essay = Path.Combine(temp.Path, "essay.html");
        File.WriteAllText(essay, "<html><body>my essay</body></html>");
        string ipynb = Path.Combine(temp.Path, "out.ipynb");

        var e = Refused(Basics, essay, ipynb);

        Assert.Equal(
            $"--html {essay} exists and is not an HTML report written by lstmlab, so it was left alone "
                + $"(running {Basics} would replace it). Give another path, or delete the file first if it may go.",
            e.Message
        );
        File.WriteAllText(ipynb, "{\"cells\": [], \"metadata\": {}}");
        e = Refused(Basics, Path.Combine(temp.Path, "out.html"), ipynb);
        Assert.StartsWith(
            $"--ipynb {ipynb} exists and is not an executed notebook written by lstmlab",
            e.Message
        );
        Assert.Equal("<html><body>my essay</body></html>", File.ReadAllText(essay));
    }

    [Fact]
    public void Files_lstmlab_wrote_before_are_replaced()
    {
        using var temp = new TempFolder();
        var prepared = NotebookJob.Prepare(
            new RunRequest(Basics)
            {
                HtmlPath = Path.Combine(temp.Path, "out.html"),
                IpynbPath = Path.Combine(temp.Path, "out.ipynb"),
            }
        );
        var run = new RunResult(
            prepared.Notebook,
            prepared.Parameters,
            [],
            DateTimeOffset.Now,
            TimeSpan.Zero,
            MachineInfo.Current()
        );
        new HtmlReport(() => "").Write(run, prepared.HtmlPath);
        IpynbWriter.Write(run, prepared.IpynbPath);

        var again = NotebookJob.Prepare(
            new RunRequest(Basics) { HtmlPath = prepared.HtmlPath, IpynbPath = prepared.IpynbPath }
        );

        Assert.Equal(prepared.HtmlPath, again.HtmlPath);
    }

    [Fact]
    public void A_folder_as_an_output_is_refused()
    {
        using var temp = new TempFolder();

        var e = Refused(Basics, temp.Path, Path.Combine(temp.Path, "out.ipynb"));

        Assert.Equal(
            $"--html {temp.Path} is a folder; give a file path, e.g. {Path.Combine(temp.Path, "basics.html")}.",
            e.Message
        );
    }

    [Fact]
    public void A_path_that_is_not_a_dib_notebook_is_refused_in_one_line()
    {
        using var temp = new TempFolder();
        string jupyter = Path.Combine(temp.Path, "lab.ipynb");
        File.WriteAllText(jupyter, "{\"cells\": []}");
        string text = Path.Combine(temp.Path, "notes.txt");
        File.WriteAllText(text, "#!csharp\n1\n");
        string binary = Path.Combine(temp.Path, "image.dib");
        File.WriteAllBytes(binary, [0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]);

        Assert.Equal(
            $"{jupyter} is a Jupyter notebook (.ipynb); lstmlab runs Polyglot .dib notebooks. Run it in VS Code "
                + "with Polyglot Notebooks, or copy its cells into a .dib file (a '#!csharp' line before each C# cell).",
            Assert.Throws<NotebookException>(() => DibParser.Load(jupyter)).Message
        );
        Assert.Equal(
            $"{text} is not a Polyglot notebook: lstmlab runs .dib files, and this one is a '.txt' file.",
            Assert.Throws<NotebookException>(() => DibParser.Load(text)).Message
        );
        Assert.Equal(
            $"{binary} is not a text file (it holds NUL bytes), so not a .dib notebook.",
            Assert.Throws<NotebookException>(() => DibParser.Load(binary)).Message
        );
        Assert.Equal(
            $"{temp.Path} is a folder, not a notebook: give a .dib file in it (lstmlab list shows the notebooks).",
            Assert.Throws<NotebookException>(() => DibParser.Load(temp.Path)).Message
        );
    }
}
