using System.Runtime.InteropServices;
using LstmLab.Notebooks.Execution;
using LstmLab.Notebooks.Packages;

namespace LstmLab.Tests.Notebooks;

/// <summary>
/// <c>#r "nuget: Name, Version"</c> restores the package through NuGet and loads its assemblies and native library into
/// the notebook's process, as the kernel does; a restore that fails fails its cell with the package named.
/// </summary>
[Collection(NotebookRuns.Name)]
public sealed class PackageRestoreTests
{
    [Fact]
    public async Task A_package_with_a_native_library_restores_and_loads()
    {
        var result = await new NotebookRunner().RunAsync(Fixtures.Load("nuget.dib"), []);

        var code = result.Cells.Where(c => c.Cell.IsCode).ToList();
        Assert.All(code, c => Assert.Equal(CellStatus.Ok, c.Status));
        // The version string comes from libonnxruntime.so itself: the native library loaded.
        Assert.Equal(new StreamOutput("stdout", "1.31.1\n"), Assert.Single(code[0].Outputs));
        var providers = Assert.IsType<StreamOutput>(Assert.Single(code[1].Outputs));
        Assert.Contains("CPUExecutionProvider", providers.Text);
    }

    // The test host itself references ONNX Runtime, so the notebook above may use the host's copy; here the
    // restored folder is checked on its own: the managed assembly and the native library NuGet put there.
    [Fact]
    public void The_restore_folder_holds_the_assemblies_and_the_native_library_that_loads()
    {
        var packages = new NotebookPackages();
        var assemblies = packages.Restore([
            new PackageReference("Microsoft.ML.OnnxRuntime", "1.31.1", "test"),
        ]);

        string folder = Path.GetDirectoryName(
            Assert.Single(assemblies, a => Path.GetFileName(a) == "Microsoft.ML.OnnxRuntime.dll")
        )!;
        Assert.StartsWith(PackageRestore.CacheRoot, folder);
        Assert.True(
            NativeLibrary.TryLoad(Path.Combine(folder, "libonnxruntime.so"), out var handle)
        );
        Assert.True(NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out _));
        Assert.Empty(
            packages.Restore([new PackageReference("Microsoft.ML.OnnxRuntime", "1.31.1", "test")])
        );
    }

    [Fact]
    public async Task A_failed_restore_fails_its_cell_and_names_the_package()
    {
        var result = await new NotebookRunner().RunAsync(Fixtures.Load("nuget-bad.dib"), []);

        Assert.Equal([CellStatus.Ok, CellStatus.Failed], result.Cells.Select(c => c.Status));
        var error = Assert.IsType<ErrorOutput>(Assert.Single(result.Cells[1].Outputs));
        Assert.StartsWith(
            "cell 2, line 1 (nuget-bad.dib line 7): #r \"nuget: Microsoft.ML.OnnxRuntime, 999.0.0\" could not be restored: ",
            error.Message
        );
        // NuGet's own reason, without the path of the generated project.
        Assert.Contains(
            "error NU1102: Unable to find package Microsoft.ML.OnnxRuntime with version (>= 999.0.0)",
            error.Message
        );
        Assert.DoesNotContain(".csproj", error.Message);
    }
}
