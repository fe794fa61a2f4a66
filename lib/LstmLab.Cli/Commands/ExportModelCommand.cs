using System.CommandLine;
using LstmLab.Models;

namespace LstmLab.Cli.Commands;

/// <summary><c>lstmlab export-model FILE --onnx OUT.onnx</c>: a saved model (weights or checkpoint) as an ONNX file.</summary>
public static class ExportModelCommand
{
    /// <summary>The <c>export-model</c> command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("file")
        {
            Description =
                "A model saved by SaveWeights (weights) or Save / ModelCheckpoint (checkpoint), as .safetensors.",
            HelpName = "CHECKPOINT|WEIGHTS",
        };
        var onnx = new Option<string>("--onnx")
        {
            Description =
                "Where to write the ONNX model (input 'input', output 'output', dropout off).",
            HelpName = "OUT.onnx",
            Required = true,
        };
        var command = new Command(
            "export-model",
            "Export a saved model for ONNX Runtime: the layers it records and its weights."
        )
        {
            file,
            onnx,
        };
        command.SetAction(result =>
        {
            string source = result.GetValue(file)!,
                target = result.GetValue(onnx)!;
            try
            {
                var model = Sequential.FromFile(source);
                model.SaveOnnx(target);
                Console.WriteLine(model.Summary());
                Console.WriteLine(
                    $"Wrote {target} ({new FileInfo(target).Length:N0} bytes, ONNX opset {Onnx.OnnxExport.Opset})."
                );
                return 0;
            }
            catch (Exception e)
                when (e
                        is IOException
                            or InvalidDataException
                            or NotSupportedException
                            or UnauthorizedAccessException
                            or ArgumentException
                )
            {
                Console.Error.WriteLine($"lstmlab export-model: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
