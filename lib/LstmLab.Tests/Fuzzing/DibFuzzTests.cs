using System.Text;
using FsCheck;
using FsCheck.Fluent;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Parameters;

namespace LstmLab.Tests.Fuzzing;

/// <summary>
/// Random and mutated .dib text: the parser and the parameters cell reader end in
/// <see cref="NotebookException"/> (or parse), within the time limit, without allocating more than
/// the input justifies.
/// </summary>
public class DibFuzzTests
{
    private const string Valid = """
        #!meta

        {"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":["c#"],"name":"csharp"},{"name":"fsharp"}]}}

        #!markdown

        # Title

        #!csharp

        // parameters
        var epochs = 20; // quick: 2
        double rate = 0.5;
        string series = "co2"; // quick: "tiny"

        #!csharp

        #!time
        Console.WriteLine(epochs);
        """;

    private static readonly string[] Pieces =
    [
        "#!meta\n",
        "#!csharp\n",
        "#!markdown\n",
        "#!md\n",
        "#!fsharp\n",
        "#!c#\n",
        "#!time\n",
        "#!\n",
        "{\"kernelInfo\":{\"items\":[{\"name\":\"csharp\"}]}}\n",
        "{\"kernelInfo\":",
        "{",
        "}",
        "[",
        "]",
        "\"name\"",
        ":",
        ",",
        "// parameters\n",
        "var x = 1; // quick: 2\n",
        "bool b = tru;\n",
        "// quick: \"\n",
        "\n",
        "\r\n",
        "#r \"x.dll\"\n",
        "text",
    ];

    [Fact]
    public void Dib_parser_and_parameters_cell_reject_bad_notebooks_with_NotebookException_only()
    {
        var tokens = Gen.ArrayOf(Gen.Elements(Pieces))
            .Select(p => Encoding.UTF8.GetBytes(string.Concat(p)));
        var inputs = Gen.Frequency(
                (1, Mutations.RandomBytes),
                (2, tokens),
                (3, Mutations.Of(Encoding.UTF8.GetBytes(Valid)))
            )
            .ToArbitrary();
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(ParserFuzzTests.Cases),
            Prop.ForAll(
                inputs,
                bytes =>
                    Bounded.Run(
                        "DibParser.Parse + ParametersCell.Find",
                        bytes,
                        () =>
                            ParametersCell.Find(
                                DibParser.Parse(Encoding.UTF8.GetString(bytes), "/n/fuzz.dib")
                            ),
                        typeof(NotebookException)
                    )
            )
        );
    }
}
