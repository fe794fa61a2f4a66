namespace LstmLab.Tests;

/// <summary>
/// Tests that render figures to HTML share <c>PlotlyJs.Embed</c> (process-wide), so they run
/// one at a time in this collection.
/// </summary>
[CollectionDefinition(Name)]
public class PlotlyJsCollection
{
    public const string Name = "PlotlyJs";
}
