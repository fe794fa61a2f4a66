using LstmLab.Sources;
using LstmLab.Tensors;

namespace LstmLab.Data;

/// <summary>
/// The IMDB movie review sentiment dataset (Maas et al., 2011): 25,000 training and 25,000 test
/// reviews, half positive, prepared as Keras's <c>imdb.load_data</c> does.
/// </summary>
public static class Imdb
{
    /// <summary>The shared copy, relative to the shared data folder.</summary>
    internal const string SharedPath = "imdb/aclImdb_labelled.tar.gz";

    internal const string SharedSha256 =
        "3837f3e5f5a2767170ebe1b2130c50babc62b7f2a028680e7deac729a7f73179";

    internal const string CanonicalUrl =
        "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz";

    internal const string CanonicalSha256 =
        "c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe";

    /// <summary>Where a canonical download is kept, relative to the cache folder.</summary>
    internal const string CachedPath = "imdb/aclImdb_v1.tar.gz";

    /// <summary>Keras's shuffle seed in <c>imdb.load_data</c>; the rows are shuffled so that
    /// a validation split holds both classes.</summary>
    private const int ShuffleSeed = 113;

    /// <summary>
    /// Loads the reviews and turns them into padded id sequences: X (N, maxlen), Y (N) with
    /// 1 = positive. The vocabulary holds the <paramref name="numWords"/> most frequent training
    /// words (see <see cref="ImdbVocabulary"/>); sequences start with 1 and are padded and
    /// truncated at the start, Keras's defaults.
    /// Sources in order: <paramref name="source"/> (an aclImdb folder or tarball); the shared copy
    /// <c>imdb/aclImdb_labelled.tar.gz</c>; a download kept in the cache; the Stanford tarball over
    /// HTTP when <paramref name="allowDownload"/> or LSTMLAB_ALLOW_DOWNLOAD=1 allows it.
    /// </summary>
    public static ImdbDataset Load(
        int numWords = 10000,
        int maxlen = 200,
        string? source = null,
        string? sharedRoot = null,
        string? cacheRoot = null,
        bool allowDownload = false,
        PadSide padding = PadSide.Pre,
        PadSide truncating = PadSide.Pre
    )
    {
        if (numWords < ImdbVocabulary.IndexFrom + 2)
            throw new ArgumentOutOfRangeException(
                nameof(numWords),
                $"numWords counts the reserved ids 0..{ImdbVocabulary.IndexFrom} (padding, start, out-of-vocabulary, unused) too, so it must be ≥ {ImdbVocabulary.IndexFrom + 2} to keep a word, got {numWords}."
            );
        // Checked before the reviews are read, which takes seconds.
        Sequences.CheckMaxlen(maxlen);
        string path = Locate(source, sharedRoot, cacheRoot, allowDownload);
        var reviews = ImdbReader.Read(path);
        var train = Shuffled(reviews.Where(r => r.Split == "train"));
        var test = Shuffled(reviews.Where(r => r.Split == "test"));
        var (vocabulary, trainIds, testIds) = ImdbTokens.Build(train, test, numWords);
        return new ImdbDataset(
            Labelled(trainIds, train, maxlen, padding, truncating),
            Labelled(testIds, test, maxlen, padding, truncating),
            vocabulary,
            maxlen,
            train.Select(r => r.Text).ToArray(),
            test.Select(r => r.Text).ToArray(),
            trainIds.Select(ids => ids.Length).ToArray(),
            path
        );
    }

    /// <summary>The path of the reviews, a folder or tarball, trying each source in turn.</summary>
    public static string Locate(
        string? source = null,
        string? sharedRoot = null,
        string? cacheRoot = null,
        bool allowDownload = false
    )
    {
        if (source is not null)
        {
            if (Directory.Exists(source) || File.Exists(source))
                return source;
            throw new FileNotFoundException(
                $"The IMDB source {source} is neither a folder nor a file.",
                source
            );
        }
        var tried = new List<string>();
        if (SharedData.Find(SharedPath, sharedRoot, tried) is { } shared)
        {
            Sha256.Verify(shared, SharedSha256, shared, fetched: false);
            return shared;
        }
        string cached = Path.Combine(cacheRoot ?? DataCache.Root, CachedPath);
        if (CachedFiles.Usable(cached, CanonicalSha256, tried))
            return cached;
        if (!Downloads.Allowed(allowDownload))
        {
            tried.Add($"{CanonicalUrl}: downloads not allowed");
            throw new DataUnavailableException(
                "IMDB",
                tried,
                $"Point at the data with source: (an aclImdb folder or tarball) or {SharedData.EnvironmentVariable}; "
                    + $"or download the Stanford tarball with {Downloads.HowToAllow("imdb")}."
            );
        }
        Downloads.Fetch([CanonicalUrl], cached, CanonicalSha256, gunzip: false);
        return cached;
    }

    private static List<ImdbReview> Shuffled(IEnumerable<ImdbReview> reviews)
    {
        var list = reviews.OrderBy(r => r.Positive).ThenBy(r => r.Id).ToList();
        var random = new Random(ShuffleSeed);
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }

    private static LabelledData Labelled(
        List<int[]> ids,
        List<ImdbReview> reviews,
        int maxlen,
        PadSide padding,
        PadSide truncating
    )
    {
        var x = Sequences.PadSequences(ids, maxlen, padding, truncating);
        var y = new Tensor(reviews.Count);
        for (int i = 0; i < reviews.Count; i++)
            y.Data[i] = reviews[i].Positive ? 1 : 0;
        return new LabelledData(x, y);
    }
}
