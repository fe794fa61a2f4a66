using System.Formats.Tar;
using System.Globalization;
using System.Text;
using LstmLab.Sources;

namespace LstmLab.Data;

/// <summary>
/// The univariate series the notebooks forecast: "co2" (Mauna Loa, monthly, npm vega-datasets),
/// "sunspots", "airline", "temperatures" (the shared TSDL copies) and "sunspots-yearly"
/// (Debian python3-statsmodels).
/// </summary>
public static class TimeSeries
{
    private sealed record Known(
        string Title,
        string Units,
        string DateColumn,
        string ValueColumn,
        string File,
        string Sha256
    );

    private static readonly Dictionary<string, Known> Catalog = new()
    {
        ["co2"] = new(
            "Mauna Loa CO2",
            "ppm",
            "Date",
            "CO2",
            "data/co2-concentration.csv",
            "c1a4a970864145940a28225cae288618b156cb32f9a2a1b6606ba7124134febb"
        ),
        ["sunspots"] = new(
            "Monthly sunspots",
            "sunspot number",
            "Month",
            "Sunspots",
            "monthly-sunspots.csv",
            "c4ec8cc57d9f6fb6ecdb3e1f37f25b6f4badd5124c55931052b0cd2fc3bc71f3"
        ),
        ["airline"] = new(
            "Airline passengers",
            "thousands of passengers",
            "Month",
            "Passengers",
            "airline-passengers.csv",
            "8cb51be753a718d9be5d76d7e238cc224792754676adc21faa59e954b0201621"
        ),
        ["temperatures"] = new(
            "Melbourne daily minimum temperature",
            "°C",
            "Date",
            "Temp",
            "daily-min-temperatures.csv",
            "8b9de63ed6789492bf497625e7f9beb96a63d367b4b0a21754006f749fa5e5da"
        ),
        ["sunspots-yearly"] = new(
            "Yearly sunspots",
            "sunspot number",
            "YEAR",
            "SUNACTIVITY",
            StatsmodelsSunspots,
            "f67889b1d9002cd5227f0e0ef54e35b419cdd85a31279adef6f73fb41e5c0a9b"
        ),
    };

    internal const string VegaName = "vega-datasets";
    internal const string VegaVersion = "3.2.1";
    internal const string VegaSha256 =
        "6f72fda460a9863fae5fcb32f85bcd49e1761fdea6dc6cf9f4962472881cc5a3";
    internal const string SharedPath = "timeseries/tsdl_timeseries.tar.gz";
    internal const string SharedSha256 =
        "69eac6f767495b71bc27a5eb4e9f7003ce9feca695abd8d244c01664520d40cc";
    internal const string StatsmodelsPackage = "python3-statsmodels";
    private const string StatsmodelsSunspots =
        "usr/lib/python3/dist-packages/statsmodels/datasets/sunspots/sunspots.csv";
    private const string CanonicalUrl =
        "https://raw.githubusercontent.com/jbrownlee/Datasets/master/";

    /// <summary>The names <see cref="Load"/> knows.</summary>
    public static IReadOnlyCollection<string> Names => Catalog.Keys;

    /// <summary>
    /// Loads a known series by name. co2 comes from npm (vega-datasets@3.2.1); sunspots, airline
    /// and temperatures from the shared copy <c>timeseries/tsdl_timeseries.tar.gz</c> (or, when
    /// downloads are allowed, from GitHub jbrownlee/Datasets); sunspots-yearly from Debian's
    /// python3-statsmodels (installed, or fetched with apt-get download).
    /// </summary>
    public static Series Load(
        string name,
        string? sharedRoot = null,
        string? cacheRoot = null,
        bool allowDownload = false
    )
    {
        if (!Catalog.TryGetValue(name, out var known))
            throw new ArgumentException(
                $"Unknown time series '{name}'; known: {string.Join(", ", Catalog.Keys)}."
            );
        string root = cacheRoot ?? DataCache.Root;
        string text,
            source;
        try
        {
            (text, source) = name switch
            {
                "co2" => FromNpm(known, root),
                "sunspots-yearly" => FromDebian(known, root),
                _ => FromShared(name, known, sharedRoot, root, allowDownload),
            };
        }
        catch (InvalidOperationException e) when (name is "co2" or "sunspots-yearly")
        {
            string tool = name == "co2" ? "npm, from Node.js" : "apt-get and dpkg";
            throw new DataUnavailableException(
                known.Title,
                [e.Message],
                $"Fix the cause above and run `lstmlab data fetch {name}` again (it uses {tool}); or read your own copy with "
                    + $"TimeSeries.FromCsv(path, \"{known.ValueColumn}\", \"{known.DateColumn}\")."
            );
        }
        return Parse(
            text,
            Path.GetFileName(known.File),
            known.DateColumn,
            known.ValueColumn,
            known.Title,
            known.Units,
            source
        );
    }

    /// <summary>
    /// Reads a series from any CSV file: the dates in <paramref name="dateColumn"/>
    /// (yyyy, yyyy-MM or yyyy-MM-dd), the values in <paramref name="valueColumn"/>. An empty file,
    /// an unknown column, an unparsable date or value, a missing value or NaN is an error naming
    /// the file, line and column.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not UTF-8, is empty, has a row of the wrong
    /// width, an unclosed quote, or a date or value that cannot be read (file, line and column named).</exception>
    /// <exception cref="ArgumentException">The file has no column <paramref name="valueColumn"/> or
    /// <paramref name="dateColumn"/>; the message lists the columns it has.</exception>
    public static Series FromCsv(
        string path,
        string valueColumn,
        string dateColumn,
        string? name = null,
        string units = ""
    ) =>
        Parse(
            ReadUtf8(path),
            Path.GetFileName(path),
            dateColumn,
            valueColumn,
            name ?? valueColumn,
            units,
            path
        );

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    // File.ReadAllText would turn bytes of another encoding into U+FFFD and report "'?' is not a number".
    private static string ReadUtf8(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            return StrictUtf8.GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException(
                $"{Path.GetFileName(path)}: not valid UTF-8 at byte {e.Index} (bytes {Convert.ToHexString(e.BytesUnknown ?? [])}); save the file as UTF-8.",
                e
            );
        }
    }

    internal static Series Parse(
        string text,
        string file,
        string dateColumn,
        string valueColumn,
        string name,
        string units,
        string source
    )
    {
        var table = CsvTable.Parse(text, file);
        int dateIndex = table.Column(dateColumn);
        int valueIndex = table.Column(valueColumn);
        var dates = new DateOnly[table.Rows.Count];
        var values = new float[table.Rows.Count];
        Frequency? frequency = null;
        for (int i = 0; i < table.Rows.Count; i++)
        {
            var (line, fields) = table.Rows[i];
            var (date, granularity) = ParseDate(fields[dateIndex], file, line, dateColumn);
            if (frequency is not null && granularity != frequency)
                throw new InvalidDataException(
                    $"{file}, line {line}, column '{dateColumn}': '{fields[dateIndex]}' is {granularity.ToString().ToLowerInvariant()}, the lines above are {frequency.ToString()!.ToLowerInvariant()}."
                );
            frequency = granularity;
            if (i > 0 && date <= dates[i - 1])
                throw new InvalidDataException(
                    $"{file}, line {line}, column '{dateColumn}': {date:yyyy-MM-dd} does not come after {dates[i - 1]:yyyy-MM-dd}; dates must increase."
                );
            dates[i] = date;
            values[i] = ParseValue(fields[valueIndex], file, line, valueColumn);
        }
        // A daily column whose dates are all the first of a month is a monthly series.
        if (frequency == Frequency.Daily && dates.All(d => d.Day == 1) && dates.Length > 1)
            frequency = dates
                .Zip(dates.Skip(1))
                .All(p => p.Second.DayNumber - p.First.DayNumber >= 28)
                ? Frequency.Monthly
                : Frequency.Daily;
        return new Series(name, units, dates, values, frequency!.Value, source);
    }

    private static (DateOnly, Frequency) ParseDate(
        string text,
        string file,
        int line,
        string column
    )
    {
        var formats = new (string Format, Frequency Frequency)[]
        {
            ("yyyy-MM-dd", Frequency.Daily),
            ("yyyy-MM", Frequency.Monthly),
            ("yyyy", Frequency.Yearly),
        };
        foreach (var (format, frequency) in formats)
            if (
                DateOnly.TryParseExact(
                    text,
                    format,
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.None,
                    out var date
                )
            )
                return (date, frequency);
        throw new InvalidDataException(
            $"{file}, line {line}, column '{column}': '{text}' is not a date (expected yyyy-MM-dd, yyyy-MM or yyyy)."
        );
    }

    private static float ParseValue(string text, string file, int line, string column)
    {
        if (text.Length == 0)
            throw new InvalidDataException(
                $"{file}, line {line}, column '{column}': missing value. Fill or drop it deliberately before loading."
            );
        if (
            !float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value)
        )
            throw new InvalidDataException(
                $"{file}, line {line}, column '{column}': '{text}' is not a number."
            );
        if (!float.IsFinite(value))
            throw new InvalidDataException(
                $"{file}, line {line}, column '{column}': the value is {text}; a series must hold finite numbers."
            );
        return value;
    }

    private static (string, string) FromNpm(Known known, string root)
    {
        string package = NpmPackage.Fetch(VegaName, VegaVersion, VegaSha256, root);
        string path = Path.Combine(package, known.File);
        Sha256.Verify(path, known.Sha256, $"{VegaName}@{VegaVersion} {known.File}");
        return (File.ReadAllText(path), $"npm {VegaName}@{VegaVersion} {known.File}");
    }

    private static (string, string) FromDebian(Known known, string root)
    {
        string installed = "/" + known.File;
        if (File.Exists(installed))
            return (File.ReadAllText(installed), $"Debian {StatsmodelsPackage} (installed)");
        string folder = DebianPackage.Fetch(
            StatsmodelsPackage,
            new Dictionary<string, string> { [known.File] = known.Sha256 },
            root
        );
        return (File.ReadAllText(Path.Combine(folder, known.File)), $"Debian {StatsmodelsPackage}");
    }

    private static (string, string) FromShared(
        string name,
        Known known,
        string? sharedRoot,
        string root,
        bool allowDownload
    )
    {
        var tried = new List<string>();
        if (SharedData.Find(SharedPath, sharedRoot, tried) is { } tarball)
        {
            Sha256.Verify(tarball, SharedSha256, tarball, fetched: false);
            return (ReadFromTarball(tarball, "tsdl/" + known.File), $"{tarball} tsdl/{known.File}");
        }
        string cached = Path.Combine(root, "timeseries", known.File);
        if (CachedFiles.Usable(cached, known.Sha256, tried))
            return (File.ReadAllText(cached), cached);
        if (!Downloads.Allowed(allowDownload))
        {
            tried.Add($"{CanonicalUrl}{known.File}: downloads not allowed");
            throw new DataUnavailableException(
                known.Title,
                tried,
                $"Point {SharedData.EnvironmentVariable} at the shared data folder, or download it with {Downloads.HowToAllow(name)}."
            );
        }
        Downloads.Fetch([CanonicalUrl + known.File], cached, known.Sha256, gunzip: false);
        return (File.ReadAllText(cached), $"{CanonicalUrl}{known.File}");
    }

    private static string ReadFromTarball(string tarball, string entryName)
    {
        using var gzip = GzipFile.Open(tarball);
        using var tar = new TarReader(gzip);
        string? text = null;
        while (tar.GetNextEntry() is { } entry)
            if (text is null && entry.Name == entryName && entry.DataStream is not null)
                using (
                    var reader = new StreamReader(entry.DataStream, Encoding.UTF8, leaveOpen: true)
                )
                    text = reader.ReadToEnd();
        gzip.CheckToEnd();
        return text ?? throw new InvalidDataException($"{tarball} has no entry {entryName}.");
    }
}
