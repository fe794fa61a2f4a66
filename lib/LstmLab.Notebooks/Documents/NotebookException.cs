namespace LstmLab.Notebooks.Documents;

/// <summary>
/// A notebook, a parameter or a command line that cannot be run as given: the message names the
/// notebook, the cell or line, and what was expected and found. <c>lstmlab</c> exits with code 1.
/// </summary>
public sealed class NotebookException(string message) : Exception(message);
