using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Execution;
using LstmLab.Tests.Notebooks;

namespace LstmLab.Tests.Reliability;

/// <summary>
/// Notebooks that cannot run as written: the error names the notebook's line or the cell, and what
/// was expected and found. (The Notebooks tests hold the first ones: malformed #!meta JSON, items
/// of the wrong shape, a misspelt or foreign kernel, #r to a missing file, a throwing cell, a cell
/// timeout, a NuGet reference, --set of an unknown or mistyped parameter, a mistyped quick value.)
/// </summary>
[Collection(LstmLab.Tests.Notebooks.NotebookRuns.Name)]
public class NotebookErrorTests
{
    [Fact]
    public void Meta_kernel_without_a_name_shows_the_item_found()
    {
        var e = Assert.Throws<NotebookException>(() =>
            DibParser.Parse(
                "#!meta\n{\"kernelInfo\":{\"items\":[{\"aliases\":[\"cs\"]}]}}\n#!csharp\n1\n",
                "/n/noname.dib"
            )
        );
        Assert.Equal(
            "noname.dib line 1: each #!meta kernelInfo item needs a \"name\" string, found {\"aliases\":[\"cs\"]}.",
            e.Message
        );
    }

    [Fact]
    public void Meta_that_is_not_an_object_says_what_it_found()
    {
        var e = Assert.Throws<NotebookException>(() =>
            DibParser.Parse(
                "#!markdown\n# Title\n#!meta\n[\"csharp\"]\n#!csharp\n1\n",
                "/n/list.dib"
            )
        );
        Assert.Equal(
            "list.dib line 3: #!meta must hold a JSON object like {\"kernelInfo\":{...}}, found a Array.",
            e.Message
        );
    }

    [Fact]
    public async Task A_library_error_in_a_cell_shows_its_message_and_the_cells_line()
    {
        using var temp = new Data.TempFolder();
        string images = temp.File("train-images-idx3-ubyte");
        File.WriteAllBytes(images, [0, 0, 8, 1, 0, 0, 0, 0]);
        var notebook = DibParser.Parse(
            $"#!csharp\n#r \"../../LstmLab.dll\"\nusing LstmLab.Data;\n\n#!csharp\nvar path = @\"{images}\";\nIdxFile.Read(path, 3);\n",
            Fixtures.PathOf("inline.dib")
        );

        var result = await new NotebookRunner().RunAsync(notebook, []);

        Assert.Equal([CellStatus.Ok, CellStatus.Failed], result.Cells.Select(c => c.Status));
        var error = Assert.IsType<ErrorOutput>(result.Cells[1].Outputs[^1]);
        Assert.Equal("System.IO.InvalidDataException", error.TypeName);
        Assert.Equal(
            "train-images-idx3-ubyte: wrong magic number at byte 0: expected 0x00000803 "
                + "(unsigned bytes, 3 dimensions), found 0x00000801.",
            error.Message
        );
        Assert.Equal("cell 2, line 2 (inline.dib line 7)", error.Location);
    }
}
