using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace LstmLab.Notebooks.Packages;

/// <summary>
/// The NuGet packages of one notebook run: the sources its <c>#i "nuget: SOURCE"</c> lines add, the packages its
/// <c>#r "nuget: Name, Version"</c> lines ask for, restored with <see cref="PackageRestore"/>, and their native
/// libraries made loadable in this process (as the kernel does, from the restored runtimes/RID/native files).
/// </summary>
internal sealed class NotebookPackages
{
    private readonly List<string> sources = [];
    private readonly List<PackageReference> packages = [];
    private readonly List<string> nativeFolders = [];
    private readonly HashSet<string> referenced = new(StringComparer.Ordinal);

    /// <summary>Adds a package source for the restores that follow.</summary>
    public void AddSource(string source)
    {
        if (!sources.Contains(source))
            sources.Add(source);
    }

    /// <summary>
    /// Restores every package asked for so far plus <paramref name="added"/>; returns the paths of the managed
    /// assemblies not referenced before, for the cell's compilation.
    /// </summary>
    public IReadOnlyList<string> Restore(IReadOnlyList<PackageReference> added)
    {
        foreach (var package in added)
            if (!packages.Any(p => p.Name.Equals(package.Name, StringComparison.OrdinalIgnoreCase)))
                packages.Add(package);
        string folder = PackageRestore.Restore(packages, sources);
        if (!nativeFolders.Contains(folder))
        {
            if (nativeFolders.Count == 0)
                AssemblyLoadContext.Default.ResolvingUnmanagedDll += LoadNative;
            nativeFolders.Add(folder);
        }
        var assemblies = new List<string>();
        foreach (string path in Directory.GetFiles(folder, "*.dll").Order())
        {
            if (!IsManaged(path) || !referenced.Add(Path.GetFileName(path)))
                continue;
            assemblies.Add(path);
        }
        return assemblies;
    }

    // DllImport("onnxruntime") from an assembly of a restored package: lib{name}.so (or {name}.so, .dylib, .dll) beside it.
    private IntPtr LoadNative(Assembly assembly, string name)
    {
        foreach (string folder in nativeFolders)
        foreach (
            string file in new[]
            {
                $"lib{name}.so",
                $"{name}.so",
                $"lib{name}.dylib",
                $"{name}.dll",
                name,
            }
        )
        {
            string path = Path.Combine(folder, file);
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out var handle))
                return handle;
        }
        return IntPtr.Zero;
    }

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
