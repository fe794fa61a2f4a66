namespace LstmLab.Notebooks.Worker;

/// <summary><c>lstmlab-worker --connect SOCKET</c>: started by <c>lstmlab run</c>, never by hand.</summary>
public static class Program
{
    public static Task<int> Main(string[] args) => NotebookWorker.RunAsync(args);
}
