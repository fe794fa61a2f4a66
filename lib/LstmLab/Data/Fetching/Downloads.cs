using LstmLab.Sources;

namespace LstmLab.Data;

/// <summary>
/// Opt-in HTTP downloads of a dataset's canonical files. They run only when the caller passes
/// <c>allowDownload: true</c> (the CLI's <c>--allow-download</c>) or the environment variable
/// <c>LSTMLAB_ALLOW_DOWNLOAD=1</c> is set; tests and CI never set either.
/// </summary>
public static class Downloads
{
    /// <summary>The environment variable that allows HTTP downloads.</summary>
    public const string EnvironmentVariable = "LSTMLAB_ALLOW_DOWNLOAD";

    /// <summary>True when the flag is set or the environment variable is 1 or true.</summary>
    public static bool Allowed(bool allowDownload)
    {
        if (allowDownload)
            return true;
        string? value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return value is "1" || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The sentence an error message uses to say how to allow downloads.</summary>
    internal static string HowToAllow(string dataset) =>
        $"`lstmlab data fetch {dataset} --allow-download`, or set {EnvironmentVariable}=1, or pass allowDownload: true";

    /// <summary>
    /// Downloads the first of <paramref name="urls"/> that answers into <paramref name="target"/>,
    /// gunzipping it first when <paramref name="gunzip"/> is set, and checks the SHA-256 of the
    /// file that is kept. Everything is written under temporary names in the target's folder and
    /// renamed at the end, so an interrupted download leaves nothing a later run trusts.
    /// </summary>
    internal static void Fetch(
        IReadOnlyList<string> urls,
        string target,
        string sha256,
        bool gunzip
    )
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(target))!;
        Directory.CreateDirectory(folder);
        string partial = Path.Combine(
            folder,
            Path.GetFileName(target) + ".download-" + Guid.NewGuid().ToString("N")[..8]
        );
        string unpacked = partial + ".unpacked";
        var failures = new List<string>();
        try
        {
            string? url = urls.FirstOrDefault(u => TryDownload(u, partial, failures));
            if (url is null)
                throw new InvalidOperationException(
                    $"Could not download {Path.GetFileName(target)}:\n"
                        + string.Join("\n", failures)
                );
            string kept = partial;
            if (gunzip)
            {
                using (
                    var input = GzipFile.Open(
                        partial,
                        $"{Path.GetFileName(target)}.gz (from {url})"
                    )
                )
                using (var output = File.Create(unpacked))
                    input.CopyTo(output);
                kept = unpacked;
            }
            Sha256.Verify(kept, sha256, $"{Path.GetFileName(target)} (from {url})");
            File.Move(kept, target, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
            File.Delete(unpacked);
        }
    }

    private static bool TryDownload(string url, string path, List<string> failures)
    {
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
            using var response = client
                .GetAsync(url, HttpCompletionOption.ResponseHeadersRead)
                .GetAwaiter()
                .GetResult();
            response.EnsureSuccessStatusCode();
            using var body = response.Content.ReadAsStream();
            using var file = File.Create(path);
            body.CopyTo(file);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            failures.Add($"  {url}: {e.Message}");
            return false;
        }
    }
}
