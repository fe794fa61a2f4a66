using System.Formats.Tar;
using System.Text;
using System.Text.RegularExpressions;
using LstmLab.Sources;

namespace LstmLab.Data;

/// <summary>
/// Reads the labelled reviews of the aclImdb layout (<c>{train,test}/{pos,neg}/ID_RATING.txt</c>)
/// from a folder, or straight from a .tar.gz / .tar without unpacking 50,000 files to disk.
/// Other entries (unsup/, *.feat, urls_*.txt, the vocabulary) are skipped.
/// </summary>
public static partial class ImdbReader
{
    private static readonly string[] Folders = ["train/neg", "train/pos", "test/neg", "test/pos"];

    /// <summary>Reads every labelled review under <paramref name="source"/>, a folder or a tarball.</summary>
    /// <exception cref="FileNotFoundException"><paramref name="source"/> is neither a folder nor a file.</exception>
    /// <exception cref="InvalidDataException">A folder of the layout is missing or empty, the archive is
    /// corrupt or truncated (the last good entry is named; a .gz trailer is checked), an entry holds fewer bytes than its header
    /// says, a review is not UTF-8 (entry and byte named), or an id in a file name is too large.</exception>
    public static List<ImdbReview> Read(string source)
    {
        var reviews = Directory.Exists(source) ? ReadFolder(source) : ReadTarball(source);
        CheckAllFoldersPresent(reviews, source);
        return reviews;
    }

    private static List<ImdbReview> ReadFolder(string folder)
    {
        string root = Directory.Exists(Path.Combine(folder, "aclImdb"))
            ? Path.Combine(folder, "aclImdb")
            : folder;
        var reviews = new List<ImdbReview>();
        foreach (string sub in Folders)
        {
            string path = Path.Combine(root, sub);
            if (!Directory.Exists(path))
                throw new InvalidDataException(
                    $"{root}: the folder {sub}/ is missing; an aclImdb folder holds {string.Join(", ", Folders.Select(f => f + "/"))}."
                );
            foreach (string file in Directory.EnumerateFiles(path, "*.txt"))
            {
                string relative = sub + "/" + Path.GetFileName(file);
                if (Parse(relative) is { } match)
                    reviews.Add(ToReview(match, File.ReadAllBytes(file), $"{file}"));
            }
        }
        return reviews;
    }

    private static List<ImdbReview> ReadTarball(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"{path} is neither an aclImdb folder nor a tarball.",
                path
            );
        var reviews = new List<ImdbReview>();
        using Stream stream = GzipFile.IsGzip(path)
            ? GzipFile.Open(path, Path.GetFileName(path))
            : File.OpenRead(path);
        using var tar = new TarReader(stream);
        string last = "(start of archive)";
        // Grows with the bytes actually read, never with the size a (possibly corrupt) header claims.
        using var content = new MemoryStream();
        try
        {
            while (tar.GetNextEntry() is { } entry)
            {
                last = entry.Name;
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                    continue;
                if (Parse(entry.Name) is not { } match || entry.DataStream is null)
                    continue;
                content.SetLength(0);
                entry.DataStream.CopyTo(content);
                string where = $"{Path.GetFileName(path)}: {entry.Name}";
                if (content.Length != entry.Length)
                    throw new InvalidDataException(
                        $"{where}: the header says {entry.Length} bytes, but the archive holds {content.Length}."
                    );
                reviews.Add(
                    ToReview(match, content.GetBuffer().AsSpan(0, (int)content.Length), where)
                );
            }
            last = "(end of archive)";
            (stream as GzipFile)?.CheckToEnd();
        }
        catch (Exception e)
            // TarReader reports a bad header as InvalidDataException or FormatException, an
            // over-long base-256 number as OverflowException, a cut archive as EndOfStreamException.
            when (e
                    is InvalidDataException
                        or EndOfStreamException
                        or FormatException
                        or OverflowException
            )
        {
            throw new InvalidDataException(
                $"{path}: the archive is corrupt or truncated after the entry {last}: {e.Message}",
                e
            );
        }
        return reviews;
    }

    private static Match? Parse(string name)
    {
        var match = ReviewName().Match(name.Replace('\\', '/'));
        return match.Success ? match : null;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private static ImdbReview ToReview(Match match, ReadOnlySpan<byte> bytes, string where)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException(
                $"{where}: not valid UTF-8 at byte {e.Index} (bytes {Convert.ToHexString(e.BytesUnknown ?? [])}).",
                e
            );
        }
        if (text.Length > 0 && text[0] == '\uFEFF')
            text = text[1..];
        return new ImdbReview(
            match.Groups[1].Value,
            match.Groups[2].Value == "pos",
            Number(match.Groups[3].Value, "id", where),
            Number(match.Groups[4].Value, "rating", where),
            text
        );
    }

    private static int Number(string digits, string what, string where) =>
        int.TryParse(digits, out int value)
            ? value
            : throw new InvalidDataException(
                $"{where}: the {what} {digits} in the file name is too large (at most {int.MaxValue})."
            );

    private static void CheckAllFoldersPresent(List<ImdbReview> reviews, string source)
    {
        var counts = Folders.ToDictionary(folder => folder, _ => 0);
        foreach (var review in reviews)
            counts[$"{review.Split}/{(review.Positive ? "pos" : "neg")}"]++;
        var missing = counts.Where(pair => pair.Value == 0).Select(pair => pair.Key + "/").ToList();
        if (missing.Count > 0)
            throw new InvalidDataException(
                $"{source}: no reviews in {string.Join(", ", missing)} (found "
                    + string.Join(", ", counts.Select(pair => $"{pair.Key} {pair.Value}"))
                    + "); expected the aclImdb layout {train,test}/{pos,neg}/ID_RATING.txt."
            );
    }

    [GeneratedRegex(@"(?:^|/)(train|test)/(pos|neg)/([0-9]+)_([0-9]+)\.txt$")]
    private static partial Regex ReviewName();
}
