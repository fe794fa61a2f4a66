namespace LstmLab.Tests;

/// <summary>
/// Tests that render figures to HTML share <c>PlotlyJs.Source</c> and whether the bundle was given yet (process-wide), so they run
/// one at a time in this collection.
/// </summary>
[CollectionDefinition(Name)]
public class PlotlyJsCollection
{
    public const string Name = "PlotlyJs";
}
