namespace LstmLab.Data;

/// <summary>
/// A small CSV reader for the time series files: a header line, then one row per line; fields
/// may be quoted ("1749-01"); CRLF or LF line ends. Every error names the file, line and column.
/// </summary>
internal sealed class CsvTable
{
    private CsvTable(string name, string[] header, List<(int Line, string[] Fields)> rows)
    {
        Name = name;
        Header = header;
        Rows = rows;
    }

    /// <summary>The file name used in error messages.</summary>
    public string Name { get; }

    /// <summary>The column names.</summary>
    public string[] Header { get; }

    /// <summary>The data rows with their 1-based line numbers.</summary>
    public List<(int Line, string[] Fields)> Rows { get; }

    /// <summary>Parses <paramref name="text"/>; <paramref name="name"/> is the file named in errors.</summary>
    public static CsvTable Parse(string text, string name)
    {
        string[] lines = text.Split('\n');
        int count = lines.Length;
        while (count > 0 && lines[count - 1].TrimEnd('\r').Length == 0)
            count--;
        if (count == 0)
            throw new InvalidDataException($"{name}: the file is empty; expected a header line.");
        string[] header = Fields(lines[0].TrimEnd('\r'), name, 1);
        var rows = new List<(int, string[])>();
        for (int i = 1; i < count; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
                throw new InvalidDataException(
                    $"{name}, line {i + 1}: empty line inside the data."
                );
            string[] fields = Fields(line, name, i + 1);
            if (fields.Length != header.Length)
                throw new InvalidDataException(
                    $"{name}, line {i + 1}: expected {header.Length} fields like the header, found {fields.Length}."
                );
            rows.Add((i + 1, fields));
        }
        if (rows.Count == 0)
            throw new InvalidDataException($"{name}: only a header line, no data rows.");
        return new CsvTable(name, header, rows);
    }

    /// <summary>The index of the column <paramref name="column"/> (case-insensitive).</summary>
    public int Column(string column)
    {
        int index = Array.FindIndex(
            Header,
            h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase)
        );
        if (index < 0)
            throw new ArgumentException(
                $"{Name} has no column '{column}'; its columns are: {string.Join(", ", Header.Select(h => $"'{h}'"))}."
            );
        return index;
    }

    private static string[] Fields(string line, string name, int lineNumber)
    {
        var fields = new List<string>();
        int i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == '"')
            {
                int close = line.IndexOf('"', i + 1);
                if (close < 0)
                    throw new InvalidDataException(
                        $"{name}, line {lineNumber}, character {i + 1}: a quote is never closed."
                    );
                fields.Add(line[(i + 1)..close]);
                i = close + 1;
                if (i < line.Length && line[i] != ',')
                    throw new InvalidDataException(
                        $"{name}, line {lineNumber}, character {i + 1}: expected a comma after the quoted field."
                    );
            }
            else
            {
                int comma = line.IndexOf(',', i);
                int end = comma < 0 ? line.Length : comma;
                fields.Add(line[i..end].Trim());
                i = end;
            }
            if (i >= line.Length)
                return [.. fields];
            i++; // the comma
        }
    }
}
