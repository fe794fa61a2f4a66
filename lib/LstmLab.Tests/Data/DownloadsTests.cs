using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using LstmLab.Data;

namespace LstmLab.Tests.Data;

/// <summary>The opt-in download path, against a local HTTP server (tests never reach the internet).</summary>
public class DownloadsTests
{
    private static readonly byte[] Payload = Encoding.ASCII.GetBytes("train-images payload");
    private static readonly string PayloadSha256 = Convert.ToHexStringLower(
        SHA256.HashData(Payload)
    );

    /// <summary>Serves /file.gz (the payload gzip'd) and answers 404 to anything else.</summary>
    private sealed class LocalServer : IDisposable
    {
        private readonly HttpListener listener = new();

        public LocalServer()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/";
            listener.Prefixes.Add(Url);
            listener.Start();
            _ = Task.Run(Serve);
        }

        public string Url { get; }

        private async Task Serve()
        {
            byte[] gzip = TestFiles.Gzip(Payload);
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                if (context.Request.Url!.AbsolutePath == "/file.gz")
                    await context.Response.OutputStream.WriteAsync(gzip);
                else
                    context.Response.StatusCode = 404;
                context.Response.Close();
            }
        }

        public void Dispose() => listener.Close();
    }

    [Fact]
    public void Gunzipped_download_is_checked_and_renamed_into_place_after_a_failing_mirror()
    {
        using var server = new LocalServer();
        using var temp = new TempFolder();
        string target = temp.File("train-images-idx3-ubyte");
        Downloads.Fetch(
            [server.Url + "missing.gz", server.Url + "file.gz"],
            target,
            PayloadSha256,
            gunzip: true
        );
        Assert.Equal(Payload, File.ReadAllBytes(target));
        Assert.Equal(
            ["train-images-idx3-ubyte"],
            Directory.GetFiles(temp.Path).Select(Path.GetFileName)
        );
    }

    [Fact]
    public void Checksum_mismatch_names_file_and_both_hashes_and_keeps_nothing()
    {
        using var server = new LocalServer();
        using var temp = new TempFolder();
        string expected = new('0', 64);
        var e = Assert.Throws<InvalidDataException>(() =>
            Downloads.Fetch([server.Url + "file.gz"], temp.File("data.bin"), expected, gunzip: true)
        );
        Assert.Contains("data.bin", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Contains(PayloadSha256, e.Message);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void When_no_url_answers_the_error_lists_each_and_keeps_nothing()
    {
        using var server = new LocalServer();
        using var temp = new TempFolder();
        var e = Assert.Throws<InvalidOperationException>(() =>
            Downloads.Fetch(
                [server.Url + "a.gz", server.Url + "b.gz"],
                temp.File("x"),
                PayloadSha256,
                gunzip: false
            )
        );
        Assert.Contains(server.Url + "a.gz", e.Message);
        Assert.Contains(server.Url + "b.gz", e.Message);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }
}
