using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using LstmLab.Notebooks.Execution;
using LstmLab.Notebooks.Formatting;
using LstmLab.Training;

namespace LstmLab.Notebooks.Worker;

/// <summary>
/// The process that runs a notebook's cells for <c>lstmlab run</c> (the <c>lstmlab-worker</c>
/// program), as a Jupyter kernel runs them for Jupyter: whatever a cell does to this process — a
/// stack overflow, <c>Environment.FailFast</c>, a native crash, running out of memory — the
/// supervising <c>lstmlab run</c> keeps what ran before and writes the report. It connects to the
/// Unix socket named on its command line, reads the request, and sends one event per line.
/// </summary>
public static class NotebookWorker
{
    // Held for the life of the process: disposing a registration restores the default handling.
    private static readonly List<PosixSignalRegistration> IgnoredSignals = [];

    /// <summary>The worker's <c>Main</c>: <c>lstmlab-worker --connect SOCKET</c>; returns its exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not ["--connect", var socketPath])
        {
            Console.Error.WriteLine(
                "lstmlab-worker runs a notebook for 'lstmlab run', which starts it; use lstmlab run NOTEBOOK.dib."
            );
            return 1;
        }
        // Ctrl+C in a terminal signals the whole process group; lstmlab run decides what an
        // interrupt means and tells this process.
        foreach (
            var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT }
        )
            IgnoredSignals.Add(PosixSignalRegistration.Create(signal, c => c.Cancel = true));

        using var socket = new Socket(
            AddressFamily.Unix,
            SocketType.Stream,
            ProtocolType.Unspecified
        );
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream, new UTF8Encoding(false));
        var request = WorkerJson.Read<WorkerRequest>(
            await reader.ReadLineAsync()
                ?? throw new InvalidDataException("lstmlab run sent no request.")
        );
        var events = new EventSender(stream);
        var worker = new Run(request, events);
        var commands = new Thread(() => worker.ListenForCommands(reader))
        {
            IsBackground = true,
            Name = "lstmlab run commands",
        };
        commands.Start();
        await worker.RunAsync();
        return 0;
    }

    private sealed class Run(WorkerRequest request, EventSender events)
    {
        private volatile bool interrupted;

        // A closed connection means lstmlab run is gone (killed, or it ended the run): nobody is
        // left to report to, so this process ends at once instead of running on unseen.
        public void ListenForCommands(StreamReader reader)
        {
            try
            {
                while (reader.ReadLine() is { } line)
                {
                    if (line != WorkerCommands.Interrupt)
                        continue;
                    interrupted = true;
                    TrainingInterrupt.Request();
                }
            }
            catch (IOException) { }
            Process.GetCurrentProcess().Kill();
        }

        public async Task RunAsync()
        {
            var notebook = request.Notebook;
            TrainingInterrupt.CheckpointPath = request.CheckpointPath;
            Environment.CurrentDirectory = notebook.Folder;
            var session = new NotebookSession(notebook, new RunOptions());
            foreach (var cell in notebook.Cells.Where(c => c.IsCode))
            {
                if (interrupted)
                    break;
                events.Send(new CellStarted(cell.Number));
                var capture = new CellCapture(listener: new Forwarder(events, cell.Number));
                var result = await session.RunCellAsync(
                    cell,
                    CellDirectives.Read(notebook, cell),
                    capture,
                    () => events.Send(new CellRunning(cell.Number))
                );
                events.Send(
                    new CellFinished(cell.Number, result.Status, result.Elapsed.TotalSeconds)
                );
                if (result.Status != CellStatus.Ok)
                    break;
            }
            events.Send(new RunDone());
        }
    }

    private sealed class Forwarder(EventSender events, int cell) : ICaptureListener
    {
        public void Written(string stream, string text) =>
            events.Send(new ConsoleText(cell, stream, text));

        public void Added(int index, CellOutput output) =>
            events.Send(new OutputAdded(cell, index, output));

        public void Replaced(int index, FormattedValue value) =>
            events.Send(new DisplayUpdated(cell, index, value));
    }

    /// <summary>
    /// Writes events one per line from any thread, each sent before <see cref="Send"/> returns: a
    /// cell that prints and then kills the process (a stack overflow) has its text in lstmlab run.
    /// </summary>
    private sealed class EventSender(Stream stream)
    {
        private readonly StreamWriter writer = new(stream, new UTF8Encoding(false))
        {
            NewLine = "\n",
        };

        public void Send(WorkerEvent e)
        {
            string line = WorkerJson.Line(e);
            lock (writer)
            {
                writer.WriteLine(line);
                writer.Flush();
            }
        }
    }
}
