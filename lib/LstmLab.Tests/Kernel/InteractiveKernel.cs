using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace LstmLab.Tests.Kernel;

/// <summary>
/// The real .NET Interactive kernel (the local tool <c>dotnet-interactive</c>), started as VS Code's
/// Polyglot Notebooks starts it — <c>dotnet tool run dotnet-interactive -- [vscode] stdio --working-dir
/// FOLDER</c> — and spoken to as VS Code does: one JSON command envelope per line on its stdin, one JSON
/// event envelope per line on its stdout.
/// </summary>
/// <remarks>
/// The protocol, read from dotnet/interactive (<c>KernelCommandEnvelope</c>, <c>KernelEventEnvelope</c>):
/// a command is <c>{"token", "commandType": "SubmitCode", "command": {"code", "targetKernelName"}}</c>;
/// every event is <c>{"eventType", "event": {…}, "command": {the command it belongs to, with its
/// token}}</c>. Commands the kernel splits off a submission (its directives) carry the token
/// <c>TOKEN.1</c>, <c>TOKEN.2</c>…; the submission ends with <c>CommandSucceeded</c> or
/// <c>CommandFailed</c> for the token itself. The kernel announces itself with <c>KernelReady</c>.
/// This is a test's yardstick: it speaks only what the notebook tests need.
/// </remarks>
internal sealed class InteractiveKernel : IAsyncDisposable
{
    private readonly Process process;
    private readonly Channel<JsonElement> events = Channel.CreateUnbounded<JsonElement>();
    private readonly StringBuilder standardError = new();
    private readonly Task reading;
    private int submissions;

    private InteractiveKernel(Process process)
    {
        this.process = process;
        reading = Task.Run(ReadEventsAsync);
        process.ErrorDataReceived += (_, line) =>
        {
            lock (standardError)
                standardError.AppendLine(line.Data);
        };
        process.BeginErrorReadLine();
    }

    /// <summary>
    /// Starts the kernel with <paramref name="workingDirectory"/> as the notebook's folder (the base of
    /// <c>#r</c> paths and the cells' current directory) and waits until it is ready. The process itself
    /// starts in <paramref name="toolManifestFolder"/>, where <c>dotnet tool run</c> finds the tool.
    /// </summary>
    public static async Task<InteractiveKernel> StartAsync(
        string workingDirectory,
        string toolManifestFolder,
        TimeSpan timeout
    )
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = toolManifestFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (
            string argument in new[]
            {
                "tool",
                "run",
                "dotnet-interactive",
                "--",
                "[vscode]",
                "stdio",
                "--working-dir",
                workingDirectory,
            }
        )
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process =
            Process.Start(start)
            ?? throw new InvalidOperationException(
                "Could not start 'dotnet tool run dotnet-interactive'."
            );
        var kernel = new InteractiveKernel(process);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var envelope = await kernel.NextEventAsync(cancel.Token);
                if (EventType(envelope) == "KernelReady")
                    return kernel;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            string why =
                e is OperationCanceledException
                    ? $"sent no KernelReady within {timeout.TotalSeconds:0} s"
                    : "exited before it was ready";
            string error = kernel.StandardError();
            await kernel.DisposeAsync();
            throw new InvalidOperationException(
                $"dotnet-interactive (started in {toolManifestFolder}, --working-dir {workingDirectory}) {why}. "
                    + $"Is it in .config/dotnet-tools.json and restored (dotnet tool restore)? stderr: {error}"
            );
        }
    }

    /// <summary>
    /// Submits <paramref name="code"/> to the C# kernel, as VS Code runs one cell, and collects its
    /// events until the kernel says the submission succeeded or failed.
    /// </summary>
    public async Task<KernelSubmission> SubmitAsync(string code, TimeSpan timeout)
    {
        string token = $"lstmlab-{++submissions}";
        string command = JsonSerializer.Serialize(
            new
            {
                token,
                commandType = "SubmitCode",
                command = new { code, targetKernelName = "csharp" },
            }
        );
        await process.StandardInput.WriteLineAsync(command);
        await process.StandardInput.FlushAsync();

        var displays = new List<KernelDisplay>();
        var stdout = new StringBuilder();
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            JsonElement envelope;
            try
            {
                envelope = await NextEventAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"The kernel did not finish submission {token} within {timeout.TotalMinutes:0} min."
                );
            }
            catch (ChannelClosedException)
            {
                throw new InvalidOperationException(
                    $"The kernel exited during submission {token}. stderr: {StandardError()}"
                );
            }
            string? eventToken = CommandToken(envelope);
            if (eventToken is null || (eventToken != token && !eventToken.StartsWith(token + '.')))
                continue;
            var body = envelope.GetProperty("event");
            switch (EventType(envelope))
            {
                case "DisplayedValueProduced":
                    displays.Add(Display(body, isResult: false));
                    break;
                case "ReturnValueProduced":
                    displays.Add(Display(body, isResult: true));
                    break;
                case "DisplayedValueUpdated":
                    var updated = Display(body, isResult: false);
                    int index = displays.FindIndex(d => d.ValueId == updated.ValueId);
                    if (index >= 0)
                        displays[index] = updated;
                    break;
                case "StandardOutputValueProduced":
                    var text = Display(body, isResult: false);
                    stdout.Append(text.Values.GetValueOrDefault("text/plain"));
                    break;
                case "CommandSucceeded" when eventToken == token:
                    return new KernelSubmission(true, null, displays, stdout.ToString());
                case "CommandFailed" when eventToken == token:
                    string message = body.GetProperty("message").GetString() ?? "";
                    return new KernelSubmission(false, message, displays, stdout.ToString());
            }
        }
    }

    private static KernelDisplay Display(JsonElement body, bool isResult)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in body.GetProperty("formattedValues").EnumerateArray())
            values[value.GetProperty("mimeType").GetString()!] =
                value.GetProperty("value").GetString() ?? "";
        string? valueId = body.TryGetProperty("valueId", out var id) ? id.GetString() : null;
        return new KernelDisplay(isResult, valueId, values);
    }

    private static string? EventType(JsonElement envelope) =>
        envelope.TryGetProperty("eventType", out var type) ? type.GetString() : null;

    private static string? CommandToken(JsonElement envelope) =>
        envelope.TryGetProperty("command", out var command)
        && command.ValueKind == JsonValueKind.Object
        && command.TryGetProperty("token", out var token)
            ? token.GetString()
            : null;

    private ValueTask<JsonElement> NextEventAsync(CancellationToken cancel) =>
        events.Reader.ReadAsync(cancel);

    // One envelope per line; the kernel also prints a welcome banner, which is not JSON and is skipped.
    private async Task ReadEventsAsync()
    {
        try
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (!line.StartsWith('{'))
                    continue;
                using var document = JsonDocument.Parse(line);
                events.Writer.TryWrite(document.RootElement.Clone());
            }
        }
        finally
        {
            events.Writer.TryComplete();
        }
    }

    private string StandardError()
    {
        lock (standardError)
            return standardError.ToString().Trim();
    }

    /// <summary>Stops the kernel and the processes it started.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        await reading;
        process.Dispose();
    }
}
