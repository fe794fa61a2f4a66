using System.Text.Json;
using System.Text.Json.Serialization;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Execution;
using LstmLab.Notebooks.Formatting;

namespace LstmLab.Notebooks.Worker;

/// <summary>
/// What <c>lstmlab run</c> sends the worker first, as one JSON line: the notebook as it should run
/// (parameters applied) and where an interrupted <c>Fit</c> saves its checkpoint.
/// </summary>
internal sealed record WorkerRequest(Notebook Notebook, string CheckpointPath);

/// <summary>
/// One JSON line from the worker to <c>lstmlab run</c>. The outputs of a cell arrive as they happen
/// (console text, each output with its display id = its position among the cell's outputs, each
/// in-place update of a display), so that whatever the worker did before it died is known.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "event")]
[JsonDerivedType(typeof(CellStarted), "cell_started")]
[JsonDerivedType(typeof(CellRunning), "cell_running")]
[JsonDerivedType(typeof(ConsoleText), "console")]
[JsonDerivedType(typeof(OutputAdded), "output")]
[JsonDerivedType(typeof(DisplayUpdated), "update_display")]
[JsonDerivedType(typeof(CellFinished), "cell_finished")]
[JsonDerivedType(typeof(RunDone), "done")]
internal abstract record WorkerEvent;

/// <summary>Code cell <paramref name="Cell"/> (its number) is being compiled.</summary>
internal sealed record CellStarted(int Cell) : WorkerEvent;

/// <summary>The cell compiled and runs: the clock of <c>--cell-timeout</c> starts.</summary>
internal sealed record CellRunning(int Cell) : WorkerEvent;

/// <summary>Console text the cell wrote to "stdout" or "stderr".</summary>
internal sealed record ConsoleText(int Cell, string Stream, string Text) : WorkerEvent;

/// <summary>An output added at position <paramref name="Display"/> of the cell's outputs.</summary>
internal sealed record OutputAdded(int Cell, int Display, CellOutput Output) : WorkerEvent;

/// <summary>The display at position <paramref name="Display"/> now shows <paramref name="Value"/>.</summary>
internal sealed record DisplayUpdated(int Cell, int Display, FormattedValue Value) : WorkerEvent;

/// <summary>The cell ended: ok or failed (its error was sent as an output), after <paramref name="Seconds"/>.</summary>
internal sealed record CellFinished(int Cell, CellStatus Status, double Seconds) : WorkerEvent;

/// <summary>No more cells will run: all ran, one failed, or the run was interrupted.</summary>
internal sealed record RunDone : WorkerEvent;

/// <summary>The lines <c>lstmlab run</c> sends the worker after the request.</summary>
internal static class WorkerCommands
{
    /// <summary>Stop the running cell (training stops at the end of its batch) and run no more.</summary>
    public const string Interrupt = "interrupt";
}

/// <summary>One JSON document per line, both ways.</summary>
internal static class WorkerJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Line<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string line) =>
        JsonSerializer.Deserialize<T>(line, Options)
        ?? throw new InvalidDataException($"Expected a {typeof(T).Name} line, got '{line}'.");
}
