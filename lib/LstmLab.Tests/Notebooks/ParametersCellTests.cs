using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Parameters;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LstmLab.Tests.Notebooks;

public class ParametersCellTests
{
    private const string Text = """
        #!markdown

        # Params

        #!csharp

        // parameters
        var epochs = 20; // quick: 2
        int units = 32;
        double dropout = 0.15; // quick: 0
        float rate = 0.01f;
        bool full = false; // quick: true
        string series = "co2"; // quick: "tiny"
        var label = $"run {epochs}";

        #!csharp

        var notAParameter = 1;
        """;

    private static readonly Notebook Notebook = DibParser.Parse(Text, "/n/params.dib");

    private static readonly Dictionary<string, string> None = [];

    [Fact]
    public void Finds_typed_parameters_with_defaults_quick_values_and_lines()
    {
        var cell = ParametersCell.Find(Notebook)!;

        Assert.Equal(2, cell.Cell.Number);
        Assert.Equal(
            [
                new NotebookParameter("epochs", ParameterType.Int, "20", "2", 8),
                new NotebookParameter("units", ParameterType.Int, "32", null, 9),
                new NotebookParameter("dropout", ParameterType.Double, "0.15", "0.0", 10),
                new NotebookParameter("rate", ParameterType.Float, "0.01f", null, 11),
                new NotebookParameter("full", ParameterType.Bool, "false", "true", 12),
                new NotebookParameter("series", ParameterType.String, "\"co2\"", "\"tiny\"", 13),
            ],
            cell.Parameters
        );
    }

    [Fact]
    public void A_notebook_without_the_marker_has_no_parameters_cell()
    {
        var notebook = DibParser.Parse("#!csharp\nvar epochs = 1;\n", "/n/none.dib");

        Assert.Null(ParametersCell.Find(notebook));
    }

    [Fact]
    public void Set_replaces_only_the_initializers()
    {
        var (applied, values) = ParameterBinding.Apply(
            Notebook,
            new Dictionary<string, string>
            {
                ["epochs"] = "3",
                ["dropout"] = "1",
                ["series"] = "a \"b\"",
                ["rate"] = "0.5",
            },
            quick: false
        );

        string source = applied.Cells[1].Source;
        Assert.Contains("var epochs = 3; // quick: 2", source);
        Assert.Contains("double dropout = 1.0; // quick: 0", source);
        Assert.Contains("float rate = 0.5f;", source);
        Assert.Contains("string series = \"a \\\"b\\\"\"; // quick: \"tiny\"", source);
        Assert.Contains("int units = 32;", source);
        Assert.Equal("var notAParameter = 1;", applied.Cells[2].Source);
        Assert.Equal(
            ["Set", "Default", "Set", "Set", "Default", "Set"],
            values.Select(v => v.Origin.ToString())
        );
        var tree = CSharpSyntaxTree.ParseText(
            source,
            new CSharpParseOptions(kind: SourceCodeKind.Script)
        );
        Assert.Empty(tree.GetDiagnostics());
    }

    [Fact]
    public void Quick_applies_quick_values_and_set_still_wins()
    {
        var (applied, values) = ParameterBinding.Apply(
            Notebook,
            new Dictionary<string, string> { ["full"] = "False" },
            quick: true
        );

        Assert.Equal(
            ["2", "32", "0.0", "0.01f", "false", "\"tiny\""],
            values.Select(v => v.Literal)
        );
        Assert.Equal(
            ["quick", "default", "quick", "default", "--set", "quick"],
            values.Select(v => v.OriginText)
        );
        Assert.Contains("var epochs = 2;", applied.Cells[1].Source);
        Assert.Contains("string series = \"tiny\";", applied.Cells[1].Source);
    }

    [Fact]
    public void An_unknown_parameter_names_the_parameters_there_are()
    {
        var e = Assert.Throws<NotebookException>(() =>
            ParameterBinding.Apply(
                Notebook,
                new Dictionary<string, string> { ["epoch"] = "3" },
                quick: false
            )
        );

        Assert.Equal(
            "--set epoch: params.dib has no parameter 'epoch'. Its parameters cell (cell 2, line 7) declares: "
                + "epochs (int), units (int), dropout (double), rate (float), full (bool), series (string).",
            e.Message
        );
    }

    [Theory]
    [InlineData("epochs", "3.5", "'epochs' (params.dib line 8) is an int; '3.5' is not an int.")]
    [InlineData(
        "dropout",
        "0,5",
        "'dropout' (params.dib line 10) is a double; '0,5' is not a double."
    )]
    [InlineData("full", "yes", "'full' (params.dib line 12) is a bool; 'yes' is not a bool.")]
    [InlineData("dropout", "NaN", "is a double; 'NaN' is not a double.")]
    public void A_mistyped_value_names_the_parameter_the_type_and_the_text(
        string name,
        string text,
        string expected
    )
    {
        var e = Assert.Throws<NotebookException>(() =>
            ParameterBinding.Apply(
                Notebook,
                new Dictionary<string, string> { [name] = text },
                quick: false
            )
        );

        Assert.StartsWith($"--set {name}={text}: parameter ", e.Message);
        Assert.EndsWith(expected, e.Message);
    }

    [Fact]
    public void A_mistyped_quick_value_is_reported_when_the_notebook_is_read()
    {
        var notebook = DibParser.Parse(
            "#!csharp\n// parameters\nvar epochs = 5; // quick: two\n",
            "/n/q.dib"
        );

        var e = Assert.Throws<NotebookException>(() => ParametersCell.Find(notebook));

        Assert.Equal(
            "q.dib line 3: the quick value 'two' of parameter 'epochs' is not an int.",
            e.Message
        );
    }

    [Fact]
    public void A_one_of_comment_lists_the_only_values_set_may_give()
    {
        var notebook = DibParser.Parse(
            "#!csharp\n// parameters\nstring series = \"co2\"; // one of: co2, airline, sunspots-yearly\n",
            "/n/s.dib"
        );
        var cell = ParametersCell.Find(notebook)!;

        Assert.Equal(["co2", "airline", "sunspots-yearly"], cell.Parameters[0].Allowed);
        var set = cell.Resolve(
            new Dictionary<string, string> { ["series"] = "sunspots-yearly" },
            false
        );
        Assert.Equal("\"sunspots-yearly\"", set[0].Literal);
        var e = Assert.Throws<NotebookException>(() =>
            cell.Resolve(new Dictionary<string, string> { ["series"] = "temps" }, false)
        );
        Assert.Equal(
            "--set series=temps: parameter 'series' (s.dib line 3) is one of co2, airline, sunspots-yearly; 'temps' is not.",
            e.Message
        );
    }

    [Fact]
    public void A_default_outside_its_one_of_list_is_reported_when_the_notebook_is_read()
    {
        var notebook = DibParser.Parse(
            "#!csharp\n// parameters\nstring series = \"co3\"; // one of: co2, airline\n",
            "/n/s.dib"
        );

        var e = Assert.Throws<NotebookException>(() => ParametersCell.Find(notebook));

        Assert.Equal(
            "s.dib line 3: parameter 'series' is \"co3\", not one of the values its comment allows: co2, airline.",
            e.Message
        );
    }

    [Fact]
    public void Set_on_a_notebook_without_parameters_cell_fails()
    {
        var notebook = DibParser.Parse("#!csharp\n1\n", "/n/plain.dib");

        var e = Assert.Throws<NotebookException>(() =>
            ParameterBinding.Apply(
                notebook,
                new Dictionary<string, string> { ["epochs"] = "1" },
                quick: false
            )
        );

        Assert.Contains("plain.dib has no parameters cell", e.Message);
        Assert.Empty(ParameterBinding.Apply(notebook, None, quick: true).Values);
    }

    [Fact]
    public void Assignments_need_a_name_and_are_given_once()
    {
        Assert.Equal(
            new Dictionary<string, string> { ["series"] = "a=b", ["epochs"] = "" },
            ParameterBinding.ParseAssignments(["series=a=b", "epochs="])
        );
        Assert.Contains(
            "expected name=value",
            Assert
                .Throws<NotebookException>(() => ParameterBinding.ParseAssignments(["epochs"]))
                .Message
        );
        Assert.Contains(
            "'epochs' is set twice (first to '1')",
            Assert
                .Throws<NotebookException>(() =>
                    ParameterBinding.ParseAssignments(["epochs=1", "epochs=2"])
                )
                .Message
        );
    }
}
