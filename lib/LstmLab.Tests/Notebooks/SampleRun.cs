using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Execution;
using LstmLab.Notebooks.Formatting;
using LstmLab.Notebooks.Parameters;

namespace LstmLab.Tests.Notebooks;

/// <summary>A run built by hand, so the report and .ipynb writers are tested without Roslyn.</summary>
internal static class SampleRun
{
    public const string Dib = """
        #!markdown

        # Airline passengers

        | a | b |
        |---|---|
        | 1 | 2 |

        #!csharp

        // parameters
        var epochs = 2;

        #!csharp

        Console.WriteLine("<loss>");
        chart

        #!csharp

        throw new Exception("boom");

        #!csharp

        Console.WriteLine("never");
        """;

    public static RunResult Create(
        string chartHtml = "<div id=\"c\"></div><script>Plotly.newPlot('c', [])</script>"
    )
    {
        var notebook = DibParser.Parse(Dib, "/home/student/lab/notebooks/airline.dib");
        var parameter = new NotebookParameter("epochs", ParameterType.Int, "2", "1", 12);
        var cells = notebook.Cells;
        return new RunResult(
            notebook,
            [new ParameterValue(parameter, "1", ParameterOrigin.Quick)],
            [
                new CellResult(cells[0], CellStatus.Ok, [], TimeSpan.Zero),
                new CellResult(cells[1], CellStatus.Ok, [], TimeSpan.FromMilliseconds(5)),
                new CellResult(
                    cells[2],
                    CellStatus.Ok,
                    [
                        new StreamOutput("stdout", "epoch 1: loss 0.5\nepoch 2: loss 0.25\n"),
                        new WarningOutput("cell 3, line 1: skipped '#!time'"),
                        new DisplayOutput(new FormattedValue(chartHtml, "Figure"), IsResult: false),
                        new DisplayOutput(FormattedValue.Text("42"), IsResult: true),
                    ],
                    TimeSpan.FromSeconds(1.5)
                ),
                new CellResult(
                    cells[3],
                    CellStatus.Failed,
                    [
                        new ErrorOutput(
                            "System.Exception",
                            "boom",
                            "cell 4, line 1 (airline.dib line 22)",
                            [
                                "System.Exception: boom",
                                "   at Submission#2 in airline.dib#cell-4:line 1",
                            ]
                        ),
                    ],
                    TimeSpan.FromMilliseconds(20)
                ),
                new CellResult(cells[4], CellStatus.NotRun, [], TimeSpan.Zero),
            ],
            new DateTimeOffset(2026, 11, 22, 3, 0, 0, TimeSpan.Zero),
            TimeSpan.FromSeconds(2),
            new MachineInfo(
                "Linux",
                2,
                ".NET 10.0.0",
                "Test CPU",
                "256-bit (AVX2)",
                "LstmLab 0.1.0"
            )
        );
    }
}
