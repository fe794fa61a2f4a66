using System.Text.Json;

namespace LstmLab.Notebooks.Documents;

/// <summary>
/// Reads a Polyglot notebook (.dib) the way dotnet/interactive's <c>CodeSubmission.Parse</c> does:
/// the first <c>#!meta</c> line is followed by kernelInfo JSON up to the next <c>#!</c> line; a line
/// <c>#!name</c> starts a new cell only when <c>name</c> is a declared kernel or alias (markdown and
/// md always are); other <c>#!</c> lines stay in the cell as magic commands; empty lines at both ends
/// of a cell are removed and cells left empty are dropped.
/// </summary>
/// <remarks>
/// Stricter than the kernel where it would fail later anyway: a cell of a kernel other than csharp or
/// markdown, and a <c>#!</c> line in a C# cell that is neither a kernel nor a magic command the
/// kernel knows (a misspelt <c>#!csharp</c>), are reported here with their line.
/// </remarks>
public static class DibParser
{
    private const string Prefix = "#!";

    /// <summary>Magic commands of the .NET Interactive kernel; the runner warns and skips them.</summary>
    public static IReadOnlySet<string> KernelMagicCommands { get; } =
        new HashSet<string>(StringComparer.Ordinal)
        {
            "about",
            "connect",
            "import",
            "log",
            "lsmagic",
            "set",
            "share",
            "time",
            "value",
            "who",
            "whos",
        };

    /// <summary>Reads and parses a .dib file; throws <see cref="NotebookException"/> naming the line.</summary>
    /// <exception cref="NotebookException">The file does not exist, or <see cref="Parse"/> rejects it.</exception>
    public static Notebook Load(string path)
    {
        string full = Path.GetFullPath(path);
        NotebookFile.Check(full);
        return Parse(File.ReadAllText(full), full);
    }

    /// <summary>Parses .dib text; <paramref name="path"/> names the notebook in messages.</summary>
    /// <exception cref="NotebookException">The <c>#!meta</c> block is not JSON or not of kernelInfo's shape,
    /// a cell belongs to a kernel other than csharp or markdown, or a C# cell holds a <c>#!</c> line that
    /// is neither a kernel nor a magic command. The message names the file's line. No other exception
    /// type escapes, whatever the text (checked by the fuzzing tests).</exception>
    public static Notebook Parse(string content, string path)
    {
        string[] lines = content.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var kernels = new List<KernelInfo> { KernelInfo.CSharp };
        string defaultKernel = KernelInfo.CSharp.Name;
        var byAlias = Index(kernels);
        var cells = new List<NotebookCell>();
        string currentKernel = KernelInfo.CSharp.Name;
        var current = new List<string>();
        int currentStart = 1;
        bool foundMeta = false;

        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (!foundMeta && line.StartsWith("#!meta", StringComparison.Ordinal))
            {
                foundMeta = true;
                int metaIndex = i,
                    metaLine = i + 1;
                var json = new List<string>();
                while (i < lines.Length - 1 && !(line = lines[++i]).StartsWith(Prefix))
                    json.Add(line);
                (defaultKernel, var declared) = ReadMeta(string.Join('\n', json), path, metaLine);
                foreach (var kernel in declared.Where(k => !byAlias.ContainsKey(k.Name)))
                    kernels.Add(
                        kernel with
                        {
                            Aliases = kernel.Aliases.Where(a => !byAlias.ContainsKey(a)).ToList(),
                        }
                    );
                byAlias = Index(kernels);
                if (i == metaIndex || !line.StartsWith(Prefix))
                    continue;
            }

            if (
                line.StartsWith(Prefix)
                && byAlias.TryGetValue(line[Prefix.Length..], out var cellKernel)
            )
            {
                AddCell();
                currentKernel = cellKernel.Name;
                current.Clear();
                currentStart = i + 2;
            }
            else
                current.Add(line);
        }
        AddCell();

        var notebook = new Notebook(path, defaultKernel, kernels, cells);
        foreach (var cell in cells)
            Check(notebook, cell, byAlias.Keys);
        return notebook;

        void AddCell()
        {
            int start = 0,
                end = current.Count;
            while (start < end && current[start].Length == 0)
                start++;
            while (end > start && current[end - 1].Length == 0)
                end--;
            if (end > start)
                cells.Add(
                    new NotebookCell(
                        cells.Count + 1,
                        currentKernel,
                        string.Join('\n', current.Skip(start).Take(end - start)),
                        currentStart + start
                    )
                );
        }
    }

    private static Dictionary<string, KernelInfo> Index(List<KernelInfo> kernels)
    {
        var byAlias = new Dictionary<string, KernelInfo>(StringComparer.Ordinal);
        foreach (var kernel in kernels.Append(KernelInfo.Markdown))
        foreach (var name in kernel.Aliases.Prepend(kernel.Name))
            byAlias.TryAdd(name, kernel);
        return byAlias;
    }

    private static (string DefaultKernel, List<KernelInfo> Kernels) ReadMeta(
        string json,
        string path,
        int metaLine
    )
    {
        string where = $"{Path.GetFileName(path)} line {metaLine}";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            long line = metaLine + 1 + (e.LineNumber ?? 0);
            throw new NotebookException(
                $"{Path.GetFileName(path)} line {line}: the #!meta block (from line {metaLine}) is not valid JSON: {e.Message}"
            );
        }
        using (document)
        {
            var kernels = new List<KernelInfo>();
            string defaultKernel = KernelInfo.CSharp.Name;
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new NotebookException(
                    $"{where}: #!meta must hold a JSON object like {{\"kernelInfo\":{{...}}}}, found a {document.RootElement.ValueKind}."
                );
            if (!document.RootElement.TryGetProperty("kernelInfo", out var info))
                return (defaultKernel, kernels);
            if (info.ValueKind != JsonValueKind.Object)
                throw new NotebookException(
                    $"{where}: #!meta kernelInfo must be an object, found a {info.ValueKind}."
                );
            if (
                info.TryGetProperty("defaultKernelName", out var name)
                && name.ValueKind == JsonValueKind.String
            )
                defaultKernel = name.GetString()!;
            if (info.TryGetProperty("items", out var items))
            {
                if (items.ValueKind != JsonValueKind.Array)
                    throw new NotebookException(
                        $"{where}: #!meta kernelInfo.items must be an array, found a {items.ValueKind}."
                    );
                foreach (var item in items.EnumerateArray())
                    kernels.Add(ReadKernel(item, where));
            }
            return (defaultKernel, kernels);
        }
    }

    private static KernelInfo ReadKernel(JsonElement item, string where)
    {
        if (
            item.ValueKind != JsonValueKind.Object
            || !item.TryGetProperty("name", out var name)
            || name.ValueKind != JsonValueKind.String
        )
            throw new NotebookException(
                $"{where}: each #!meta kernelInfo item needs a \"name\" string, found {item.GetRawText()}."
            );
        var aliases = new List<string>();
        if (item.TryGetProperty("aliases", out var list) && list.ValueKind == JsonValueKind.Array)
            aliases.AddRange(
                list.EnumerateArray()
                    .Where(a => a.ValueKind == JsonValueKind.String)
                    .Select(a => a.GetString()!)
            );
        string? language =
            item.TryGetProperty("languageName", out var l) && l.ValueKind == JsonValueKind.String
                ? l.GetString()
                : null;
        return new KernelInfo(name.GetString()!, aliases, language);
    }

    private static void Check(Notebook notebook, NotebookCell cell, IEnumerable<string> kernelNames)
    {
        if (!cell.IsCode && !cell.IsMarkdown)
            throw new NotebookException(
                $"{notebook.Where(cell.FirstLine)}: cell {cell.Number} is a '{cell.KernelName}' cell; "
                    + "lstmlab runs only csharp and markdown cells (#!csharp, #!markdown)."
            );
        if (!cell.IsCode)
            return;
        string[] lines = cell.Source.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith(Prefix))
                continue;
            string name = lines[i][Prefix.Length..].Split(' ', 2)[0].Trim();
            if (!KernelMagicCommands.Contains(name))
                throw new NotebookException(
                    $"{notebook.Where(cell.FileLine(i + 1))}: '{lines[i].Trim()}' in cell {cell.Number} is neither a kernel "
                        + $"this notebook declares ({string.Join(", ", kernelNames)}) nor a .NET Interactive magic command. "
                        + "A cell starts with a line that is exactly #!csharp or #!markdown."
                );
        }
    }
}
