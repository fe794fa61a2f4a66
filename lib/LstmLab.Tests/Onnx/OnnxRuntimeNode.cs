using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using LstmLab.Tensors;

namespace LstmLab.Tests.Onnx;

/// <summary>
/// A second ONNX runtime: onnxruntime-node from npm, installed with the ordinary client into a folder beside the test
/// binaries (its CPU binaries ship in the package, so its install script, which only fetches CUDA binaries, is not run).
/// </summary>
internal static class OnnxRuntimeNode
{
    public const string Version = "1.30.0";

    private static readonly string Folder = Path.Combine(
        AppContext.BaseDirectory,
        $"onnxruntime-node-{Version}"
    );

    /// <summary>Runs <paramref name="modelPath"/> on <paramref name="inputs"/> in node; returns every output by name.</summary>
    public static Dictionary<string, Tensor> Run(
        string modelPath,
        IReadOnlyDictionary<string, Tensor> inputs
    )
    {
        Install();
        string inputsPath = Path.ChangeExtension(modelPath, ".inputs.json");
        var json = new JsonObject();
        foreach (var (name, tensor) in inputs)
            json[name] = new JsonObject
            {
                ["dims"] = new JsonArray([.. tensor.Shape.Select(d => JsonValue.Create(d))]),
                ["data"] = new JsonArray([.. tensor.Data.Select(v => JsonValue.Create(v))]),
            };
        File.WriteAllText(inputsPath, json.ToJsonString());
        string script = Path.Combine(AppContext.BaseDirectory, "Onnx", "run_onnx.cjs");
        string stdout = Execute(
            "node",
            [script, modelPath, inputsPath],
            new Dictionary<string, string> { ["NODE_PATH"] = Path.Combine(Folder, "node_modules") }
        );
        var outputs = JsonNode.Parse(stdout)!.AsObject();
        return outputs.ToDictionary(
            o => o.Key,
            o => new Tensor(
                [.. o.Value!["data"]!.AsArray().Select(v => v!.GetValue<float>())],
                [.. o.Value!["dims"]!.AsArray().Select(v => v!.GetValue<int>())]
            )
        );
    }

    private static void Install()
    {
        if (File.Exists(Path.Combine(Folder, "node_modules", "onnxruntime-node", "package.json")))
            return;
        Directory.CreateDirectory(Folder);
        Execute(
            "npm",
            [
                "install",
                "--prefix",
                Folder,
                "--ignore-scripts",
                "--no-audit",
                "--no-fund",
                "--no-save",
                $"onnxruntime-node@{Version}",
            ],
            new Dictionary<string, string>()
        );
    }

    private static string Execute(
        string program,
        string[] arguments,
        Dictionary<string, string> environment
    )
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"The onnxruntime-node check needs '{program}' (Node.js and npm) on PATH, and it is absent: {e.Message}. "
                    + "Install Node.js and npm (sudo apt-get install -y nodejs npm), as README.md's setup says.",
                e
            );
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException(
                    $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}"
                );
            return stdout;
        }
    }
}
