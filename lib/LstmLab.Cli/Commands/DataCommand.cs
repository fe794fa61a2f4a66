using System.CommandLine;
using System.Diagnostics;
using LstmLab.Data;
using LstmLab.Sources;

namespace LstmLab.Cli.Commands;

/// <summary><c>lstmlab data fetch NAME</c> and <c>lstmlab data list</c>: the dataset cache.</summary>
public static class DataCommand
{
    /// <summary>The <c>data</c> command with its two subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("data", "Fetch, verify and list the datasets the notebooks use.");
        command.Subcommands.Add(Fetch());
        command.Subcommands.Add(List());
        return command;
    }

    private static Option<string?> DataOption() =>
        new("--data")
        {
            Description = "Cache folder (default: LSTMLAB_DATA, else the checkout's data/ folder).",
        };

    private static Option<string?> SharedOption() =>
        new("--shared")
        {
            Description =
                "Shared data folder (default: LSTMLAB_SHARED_DATA, else ../shared/data beside the checkout).",
        };

    private static Command Fetch()
    {
        var name = new Argument<string>("name")
        {
            Description = "Dataset: " + string.Join(", ", Datasets.Names),
            HelpName = "name",
        };
        name.AcceptOnlyFromAmong([.. Datasets.Names]);
        var data = DataOption();
        var shared = SharedOption();
        var allowDownload = new Option<bool>("--allow-download")
        {
            Description =
                "Allow HTTP downloads of the canonical files (same as LSTMLAB_ALLOW_DOWNLOAD=1).",
        };
        var command = new Command(
            "fetch",
            "Fetch (if needed), verify and load a dataset, then print its summary."
        )
        {
            name,
            data,
            shared,
            allowDownload,
        };
        command.SetAction(result =>
        {
            string? cache = result.GetValue(data);
            if (cache is not null)
                DataCache.Root = cache;
            var clock = Stopwatch.StartNew();
            try
            {
                var dataset = Datasets.Load(
                    result.GetValue(name)!,
                    DataCache.Root,
                    result.GetValue(shared),
                    result.GetValue(allowDownload)
                );
                Console.WriteLine(dataset);
                Console.WriteLine($"({clock.Elapsed.TotalSeconds:0.0} s)");
                return 0;
            }
            catch (Exception e)
                when (e
                        is DataUnavailableException
                            or InvalidDataException
                            or InvalidOperationException
                            or IOException
                )
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }
        });
        return command;
    }

    private static Command List()
    {
        var data = DataOption();
        var shared = SharedOption();
        var command = new Command(
            "list",
            "Show where each dataset is cached, or that it is not yet."
        )
        {
            data,
            shared,
        };
        command.SetAction(result =>
        {
            string? cache = result.GetValue(data);
            if (cache is not null)
                DataCache.Root = cache;
            Console.WriteLine($"cache:  {DataCache.Root}");
            Console.WriteLine($"shared: {SharedData.Root(result.GetValue(shared)) ?? "(none)"}");
            foreach (string name in Datasets.Names)
            {
                var found = Datasets
                    .Locations(name, DataCache.Root, result.GetValue(shared))
                    .FirstOrDefault(path => File.Exists(path) || Directory.Exists(path));
                Console.WriteLine($"{name, -16} {Datasets.Describe(name)}");
                Console.WriteLine(
                    $"{"", -16} {found ?? $"not cached (lstmlab data fetch {name})"}"
                );
            }
            return 0;
        });
        return command;
    }
}
