using LstmLab.Notebooks.Documents;

namespace LstmLab.Tests.Notebooks;

public class DibParserTests
{
    private const string Meta = """
        #!meta

        {"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":["cs"],"name":"csharp"}]}}

        """;

    [Fact]
    public void Splits_cells_at_kernel_lines_and_trims_blank_lines()
    {
        var notebook = DibParser.Parse(
            Meta
                + "#!markdown\n\n# Title\n\nText.\n\n#!csharp\n\n\nvar x = 1;\n\nx\n\n\n#!csharp\n\n\n#!md\n\nmore\n",
            "/n/demo.dib"
        );

        Assert.Equal(3, notebook.Cells.Count); // the empty C# cell is dropped
        Assert.Equal(
            ("markdown", "# Title\n\nText."),
            (notebook.Cells[0].KernelName, notebook.Cells[0].Source)
        );
        Assert.Equal(
            ("csharp", "var x = 1;\n\nx"),
            (notebook.Cells[1].KernelName, notebook.Cells[1].Source)
        );
        Assert.Equal("more", notebook.Cells[2].Source);
        Assert.Equal([1, 2, 3], notebook.Cells.Select(c => c.Number));
        Assert.Equal(6, notebook.Cells[0].FirstLine);
        Assert.Equal(13, notebook.Cells[1].FirstLine);
        Assert.Equal("Title", notebook.Title);
        Assert.Equal("demo", notebook.Name);
    }

    [Fact]
    public void Starts_cells_at_the_kernels_aliases()
    {
        var notebook = DibParser.Parse(Meta + "#!C#\n\n1\n\n#!c#\n\n2\n\n#!md\n\n3\n", "/n/a.dib");

        Assert.Equal([true, true, false], notebook.Cells.Select(c => c.IsCode));
        Assert.Equal(["1", "2", "3"], notebook.Cells.Select(c => c.Source));
        Assert.Equal("csharp", notebook.DefaultKernelName);
    }

    // Like the kernel's MergeKernelInfos: #!meta adds kernels it does not know, and does not change
    // the aliases of one it knows (csharp), so "#!cs" is not a cell line here either.
    [Fact]
    public void Meta_does_not_add_aliases_to_a_known_kernel()
    {
        var e = Assert.Throws<NotebookException>(() =>
            DibParser.Parse(Meta + "#!csharp\n1\n#!cs\n2\n", "/n/a.dib")
        );

        Assert.Contains("a.dib line 6: '#!cs' in cell 1", e.Message);
    }

    [Fact]
    public void Keeps_magic_commands_inside_the_cell()
    {
        var notebook = DibParser.Parse("#!csharp\n#!time\nConsole.WriteLine(1);\n", "/n/a.dib");

        Assert.Equal("#!time\nConsole.WriteLine(1);", notebook.Cells.Single().Source);
    }

    [Fact]
    public void Reads_crlf_files()
    {
        var notebook = DibParser.Parse(
            "#!markdown\r\n\r\n# T\r\n\r\n#!csharp\r\n\r\n1\r\n",
            "/n/a.dib"
        );

        Assert.Equal(["# T", "1"], notebook.Cells.Select(c => c.Source));
    }

    [Fact]
    public void Names_the_line_of_a_misspelt_kernel()
    {
        var e = Assert.Throws<NotebookException>(() =>
            DibParser.Parse("#!csharp\n\n1\n\n#!csharpp\n\n2\n", "/n/typo.dib")
        );

        Assert.Contains("typo.dib line 5", e.Message);
        Assert.Contains("'#!csharpp'", e.Message);
        Assert.Contains("#!csharp or #!markdown", e.Message);
    }

    [Fact]
    public void Names_the_line_of_malformed_meta_json()
    {
        var e = Assert.Throws<NotebookException>(() =>
            DibParser.Parse(
                "#!meta\n\n{\"kernelInfo\": {\n  \"items\": [,]\n}}\n\n#!csharp\n1\n",
                "/n/bad.dib"
            )
        );

        Assert.StartsWith("bad.dib line 4:", e.Message);
        Assert.Contains("#!meta block (from line 1) is not valid JSON", e.Message);
    }

    [Fact]
    public void Rejects_meta_json_of_the_wrong_shape()
    {
        var e = Assert.Throws<NotebookException>(() =>
            DibParser.Parse(
                "#!meta\n{\"kernelInfo\":{\"items\":{}}}\n#!csharp\n1\n",
                "/n/shape.dib"
            )
        );

        Assert.Contains("kernelInfo.items must be an array, found a Object", e.Message);
    }

    [Fact]
    public void Rejects_cells_of_other_kernels()
    {
        string text = """
            #!meta
            {"kernelInfo":{"items":[{"name":"csharp"},{"name":"fsharp","aliases":["f#"]}]}}

            #!csharp
            1

            #!fsharp
            let x = 1
            """;

        var e = Assert.Throws<NotebookException>(() => DibParser.Parse(text, "/n/poly.dib"));

        Assert.Equal(
            "poly.dib line 8: cell 2 is a 'fsharp' cell; lstmlab runs only csharp and markdown cells (#!csharp, #!markdown).",
            e.Message
        );
    }

    [Fact]
    public void Reports_a_missing_file()
    {
        var e = Assert.Throws<NotebookException>(() => DibParser.Load("/no/such/notebook.dib"));

        Assert.Equal("Notebook not found: /no/such/notebook.dib", e.Message);
    }
}
