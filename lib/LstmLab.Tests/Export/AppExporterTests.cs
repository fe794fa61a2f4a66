using LstmLab.Notebooks.Apps;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Export;
using LstmLab.Tests.NotebookRuns;

namespace LstmLab.Tests.Export;

/// <summary>
/// <c>lstmlab export</c>: a notebook becomes a file-based app that reads like a program a person
/// wrote, keeps every cell in order, and refuses what an app cannot do.
/// </summary>
public sealed class AppExporterTests : IDisposable
{
    // Inside the checkout (beside the test assembly), as the exporter needs the library's project.
    private readonly string folder = Path.Combine(
        AppContext.BaseDirectory,
        "export-tests",
        Guid.NewGuid().ToString("N")[..8]
    );

    public AppExporterTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private Notebook Notebook(params string[] cells)
    {
        string path = Path.Combine(folder, "lab.dib");
        File.WriteAllText(path, string.Join("\n\n", cells) + "\n");
        return DibParser.Load(path);
    }

    private string Export(Notebook notebook) =>
        AppExporter.Export(notebook, Path.Combine(folder, "lab.cs"));

    [Fact]
    public void Parameters_displays_and_trailing_values_become_calls_of_the_app()
    {
        var app = Export(
            Notebook(
                "#!markdown\n\n# Lab\n\nThe assignment.",
                "#!csharp\n\n// parameters\nvar epochs = 20; // quick: 2\ndouble rate = 1; // quick: 0.5\nstring series = \"co2\";",
                "#!csharp\n\ndisplay(epochs);\nrate.Display();\nConsole.WriteLine(series);\nepochs * 2"
            )
        );

        Assert.Contains("var epochs = notebook.Parameter(\"epochs\", 20, quick: 2);", app);
        Assert.Contains("double rate = notebook.Parameter(\"rate\", 1.0, quick: 0.5);", app);
        Assert.Contains("string series = notebook.Parameter(\"series\", \"co2\");", app);
        Assert.DoesNotContain("// quick:", app);
        Assert.Contains(
            "notebook.Show(epochs);\nnotebook.Show(rate);\nConsole.WriteLine(series);\nnotebook.Show(epochs * 2);",
            app
        );
        Assert.Contains("// # Lab\n//\n// The assignment.\nnotebook.Cell();\n// parameters\n", app);
        Assert.EndsWith("notebook.End();\n", app);
    }

    [Fact]
    public void Usings_go_to_the_top_and_types_after_the_statements()
    {
        var app = Export(
            Notebook(
                "#!csharp\n\nusing System.Text;\nrecord Run(int Units);\nvar runs = new List<Run>();",
                "#!csharp\n\nusing System.Text;\nusing LstmLab.Tensors;\nruns.Add(new Run(3));"
            )
        );

        int statements = app.IndexOf(
            "var notebook = NotebookApp.Start(args);",
            StringComparison.Ordinal
        );
        Assert.True(app.IndexOf("using System.Text;", StringComparison.Ordinal) < statements);
        Assert.Single(app.Split('\n'), l => l == "using System.Text;");
        Assert.Contains("using LstmLab.Tensors;", app);
        Assert.EndsWith("notebook.End();\n\nrecord Run(int Units);\n", app);
    }

    [Fact]
    public void Kernel_directives_become_the_apps_own()
    {
        var app = Export(
            Notebook(
                "#!csharp\n\n#r \"../lib/LstmLab/bin/Release/net10.0/LstmLab.dll\"\n#i \"nuget: https://example.org/v3/index.json\"\n#r \"nuget: Microsoft.ML.OnnxRuntime, 1.31.1\"\nvar x = 1;"
            )
        );

        string[] lines = app.Split('\n');
        Assert.StartsWith("#:project ", lines[0]);
        string project = Path.GetFullPath(Path.Combine(folder, lines[0]["#:project ".Length..]));
        Assert.Equal(
            Path.Combine(QuickRuns.CheckoutRoot, "lib/LstmLab.Notebooks/LstmLab.Notebooks.csproj"),
            project
        );
        Assert.Contains(
            "#:property RestoreAdditionalProjectSources=https://example.org/v3/index.json",
            lines
        );
        Assert.Contains("#:package Microsoft.ML.OnnxRuntime@1.31.1", lines);
        Assert.DoesNotContain("#r", app);
    }

    [Theory]
    [InlineData("#!time", "cell 2, line 2 (lab.dib line 8)", "magic command '#!time'")]
    [InlineData(
        "#r \"other/Tool.dll\"",
        "cell 2, line 2 (lab.dib line 8)",
        "references an assembly file"
    )]
    [InlineData(
        "#r \"nuget: Newtonsoft.Json\"",
        "cell 2, line 2 (lab.dib line 8)",
        "names no version"
    )]
    public void What_an_app_cannot_honour_is_refused_naming_cell_and_line(
        string directive,
        string where,
        string why
    )
    {
        var notebook = Notebook("#!csharp\n\nvar a = 1;", $"#!csharp\n\nvar b = 2;\n{directive}");

        var e = Assert.Throws<NotebookException>(() => Export(notebook));

        Assert.StartsWith(where, e.Message);
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void The_app_reads_back_as_the_notebooks_cells()
    {
        var notebook = Notebook(
            "#!markdown\n\n# Lab\n\nFirst.",
            "#!csharp\n\nvar a = 1;\n\n// a comment inside the code\nvar b = a + 1;",
            "#!csharp\n\nb",
            "#!markdown\n\n## What to notice\n\n- b is 2."
        );
        string path = Path.Combine(folder, "lab.cs");
        File.WriteAllText(path, Export(notebook));

        var read = AppSource.Read(path);

        Assert.Equal(
            ["markdown", "csharp", "csharp", "markdown"],
            read.Cells.Select(c => c.KernelName)
        );
        Assert.Equal("# Lab\n\nFirst.", read.Cells[0].Source);
        Assert.Equal(
            "var a = 1;\n\n// a comment inside the code\nvar b = a + 1;",
            read.Cells[1].Source
        );
        Assert.Equal("notebook.Show(b);", read.Cells[2].Source);
        Assert.Equal("## What to notice\n\n- b is 2.", read.Cells[3].Source);
        Assert.Equal("Lab", read.Title);
    }

    [Fact]
    public void Exporting_an_edited_notebook_again_changes_only_the_edited_lines()
    {
        string dib = Path.Combine(folder, "lab.dib");
        string[] cells =
        [
            "#!markdown\n\n# Lab",
            "#!csharp\n\n// parameters\nvar epochs = 20; // quick: 2",
            "#!csharp\n\nvar total = 0;\nfor (int e = 0; e < epochs; e++)\n    total += e;",
            "#!csharp\n\ntotal",
        ];
        File.WriteAllText(dib, string.Join("\n\n", cells) + "\n");
        string first = File.ReadAllText(AppExport.Write(dib));
        cells[2] = cells[2].Replace("total += e;", "total += 2 * e;");
        File.WriteAllText(dib, string.Join("\n\n", cells) + "\n");

        string second = File.ReadAllText(AppExport.Write(dib));

        var before = first.Split('\n');
        var after = second.Split('\n');
        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        int line = Assert.Single(changed);
        Assert.Equal("    total += 2 * e;", after[line]);
    }

    [Fact]
    public void Export_never_overwrites_the_notebook_or_a_file_it_did_not_write()
    {
        string dib = Path.Combine(folder, "lab.dib");
        File.WriteAllText(dib, "#!csharp\n\nvar a = 1;\n");
        string own = Path.Combine(folder, "mine.cs");
        File.WriteAllText(own, "// my own program\nConsole.WriteLine(1);\n");

        var notCs = Assert.Throws<NotebookException>(() => AppExport.Write(dib, dib));
        var notOurs = Assert.Throws<NotebookException>(() => AppExport.Write(dib, own));

        Assert.Contains("a .cs file", notCs.Message);
        Assert.Contains("is not an app lstmlab exported", notOurs.Message);
        Assert.Equal("// my own program\nConsole.WriteLine(1);\n", File.ReadAllText(own));
        Assert.Equal("#!csharp\n\nvar a = 1;\n", File.ReadAllText(dib));
    }
}
