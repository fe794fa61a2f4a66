using LstmLab.Display;
using LstmLab.Notebooks.Formatting;

namespace LstmLab.Notebooks.Execution;

/// <summary>
/// What a cell sees besides its own code when <c>lstmlab run</c> runs it: the helpers the .NET
/// Interactive kernel gives every C# cell (<c>using static Microsoft.DotNet.Interactive.Kernel</c>),
/// so that the same notebook runs unchanged in VS Code and here.
/// </summary>
public sealed class NotebookGlobals
{
    private static readonly AsyncLocal<NotebookGlobals?> Running = new();

    private readonly IOutputFormatter formatter;
    private CellCapture? capture;

    internal NotebookGlobals(IOutputFormatter formatter) => this.formatter = formatter;

    /// <summary>The globals of the cell running in this async flow, for <c>x.Display()</c>.</summary>
    internal static NotebookGlobals? Current => Running.Value;

    /// <summary>Starts showing displayed values under <paramref name="cell"/>, in this async flow.</summary>
    internal void Enter(CellCapture cell)
    {
        capture = cell;
        Running.Value = this;
    }

    /// <summary>
    /// Shows <paramref name="value"/> under the cell, formatted now (charts as charts), like the kernel's
    /// <c>display</c>. <paramref name="mimeTypes"/> "text/plain" alone shows the plain text only.
    /// </summary>
    /// <returns>A handle whose <see cref="DisplayedValue.Update"/> replaces the output in place.</returns>
    public DisplayedValue display(object? value, params string[] mimeTypes)
    {
        var target =
            capture
            ?? throw new InvalidOperationException("display() was called outside a running cell.");
        int index = target.Add(new DisplayOutput(Format(value, mimeTypes), IsResult: false));
        return new DisplayedValue(v => target.Replace(index, Format(v, mimeTypes)));
    }

    /// <summary>
    /// <c>display(value)</c> under the cell running in this async flow (or in an exported app), or null when none is: how the
    /// library shows a value it updates in place (training progress), found by name as the kernel's
    /// <c>Kernel.display</c> is.
    /// </summary>
    public static DisplayedValue? DisplayInCell(object value) =>
        Current?.display(value) ?? Apps.NotebookApp.Running?.ShowLive(value);

    /// <summary>Marks <paramref name="html"/> as HTML to show as is, like the kernel's <c>HTML(string)</c>.</summary>
    /// <remarks>
    /// Typed <c>object</c> so that a cell compiles without a reference to LstmLab.dll, as in the kernel.
    /// </remarks>
    public object HTML(string html) => new HtmlFragment(html);

    private FormattedValue Format(object? value, string[] mimeTypes)
    {
        var formatted = formatter.Format(value);
        bool plainOnly = mimeTypes.Length > 0 && !mimeTypes.Contains("text/html");
        return plainOnly ? FormattedValue.Text(formatted.PlainText) : formatted;
    }

    private sealed class HtmlFragment(string html) : IHtmlRenderable
    {
        public string ToHtml() => html;

        public override string ToString() => html;
    }
}

/// <summary>An output shown by <c>display(x)</c>; <see cref="Update"/> shows another value in its place.</summary>
public sealed class DisplayedValue
{
    private readonly Action<object?> update;

    internal DisplayedValue(Action<object?> update) => this.update = update;

    /// <summary>Replaces the displayed output with <paramref name="value"/> (e.g. a chart redrawn each epoch).</summary>
    public void Update(object? value) => update(value);
}
