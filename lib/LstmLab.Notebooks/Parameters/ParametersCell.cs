using LstmLab.Notebooks.Documents;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace LstmLab.Notebooks.Parameters;

/// <summary>
/// The notebook's parameters cell (Papermill's idea): the first C# cell whose first line is
/// <c>// parameters</c>. Each simple assignment in it, <c>var epochs = 20; // quick: 2</c> or
/// <c>double dropout = 0.15;</c>, is a parameter whose value <c>--set</c> or <c>--quick</c> replaces;
/// <c>string series = "co2"; // one of: co2, airline</c> also lists the only values allowed.
/// The cell is read with Roslyn's syntax tree, so it stays ordinary C# that the real kernel runs.
/// </summary>
public sealed class ParametersCell
{
    private const string Marker = "// parameters";
    private const string QuickMarker = "// quick:";
    private const string AllowedMarker = "// one of:";

    private readonly Notebook notebook;
    private readonly Dictionary<string, TextSpan> initializers;

    private ParametersCell(
        Notebook notebook,
        NotebookCell cell,
        List<NotebookParameter> parameters,
        Dictionary<string, TextSpan> initializers
    )
    {
        this.notebook = notebook;
        Cell = cell;
        Parameters = parameters;
        this.initializers = initializers;
    }

    /// <summary>The cell, as written in the notebook.</summary>
    public NotebookCell Cell { get; }

    /// <summary>The parameters in declaration order.</summary>
    public IReadOnlyList<NotebookParameter> Parameters { get; }

    /// <summary>The parameters cell of <paramref name="notebook"/>, or null when it has none.</summary>
    public static ParametersCell? Find(Notebook notebook)
    {
        var cell = notebook.Cells.FirstOrDefault(c =>
            c.IsCode
            && c.Source.Split('\n')[0].Trim().Equals(Marker, StringComparison.OrdinalIgnoreCase)
        );
        if (cell is null)
            return null;
        var tree = CSharpSyntaxTree.ParseText(
            cell.Source,
            new CSharpParseOptions(kind: SourceCodeKind.Script)
        );
        var parameters = new List<NotebookParameter>();
        var spans = new Dictionary<string, TextSpan>(StringComparer.Ordinal);
        foreach (var declaration in TopLevelDeclarations(tree.GetCompilationUnitRoot()))
        {
            var quickText = TrailingComment(declaration.Parent!, QuickMarker);
            var allowed = TrailingComment(declaration.Parent!, AllowedMarker)
                ?.Split(
                    ',',
                    StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries
                );
            foreach (var declarator in declaration.Variables)
            {
                if (declarator.Initializer is not { Value: var value })
                    continue;
                var type = TypeOf(declaration.Type, value);
                if (type is null)
                    continue;
                int line = cell.FileLine(
                    declarator.GetLocation().GetLineSpan().StartLinePosition.Line + 1
                );
                string? quick = null;
                if (quickText is not null && declaration.Variables.Count == 1)
                    quick =
                        type.Value.ToLiteral(Unquote(quickText))
                        ?? throw new NotebookException(
                            $"{notebook.Where(line)}: the quick value '{quickText}' of parameter '{declarator.Identifier.Text}' "
                                + $"is not {type.Value.WithArticle()}."
                        );
                var parameter = new NotebookParameter(
                    declarator.Identifier.Text,
                    type.Value,
                    value.ToString(),
                    quick,
                    line
                )
                {
                    Allowed = allowed,
                };
                foreach (string literal in new[] { parameter.Default, quick }.OfType<string>())
                    if (!IsAllowed(parameter, literal))
                        throw new NotebookException(
                            $"{notebook.Where(line)}: parameter '{parameter.Name}' is {literal}, not one of "
                                + $"the values its comment allows: {string.Join(", ", allowed!)}."
                        );
                parameters.Add(parameter);
                spans[declarator.Identifier.Text] = value.Span;
            }
        }
        return new ParametersCell(notebook, cell, parameters, spans);
    }

    /// <summary>
    /// The value of every parameter in one run: the notebook's, else its quick value when
    /// <paramref name="quick"/>, else what <paramref name="overrides"/> (name → text) sets.
    /// Throws <see cref="NotebookException"/> for an unknown name or a value of the wrong type.
    /// </summary>
    public IReadOnlyList<ParameterValue> Resolve(
        IReadOnlyDictionary<string, string> overrides,
        bool quick
    )
    {
        foreach (var name in overrides.Keys.Where(n => Parameters.All(p => p.Name != n)))
            throw new NotebookException(
                $"--set {name}: {Path.GetFileName(notebook.Path)} has no parameter '{name}'. "
                    + $"Its parameters cell (cell {Cell.Number}, line {Cell.FirstLine}) declares: {Describe(Parameters)}."
            );
        return Parameters
            .Select(p =>
                overrides.TryGetValue(p.Name, out var text)
                    ? new ParameterValue(p, SetLiteral(p, text), ParameterOrigin.Set)
                : quick && p.Quick is not null
                    ? new ParameterValue(p, p.Quick, ParameterOrigin.Quick)
                : new ParameterValue(p, p.Default, ParameterOrigin.Default)
            )
            .ToList();
    }

    private string SetLiteral(NotebookParameter p, string text)
    {
        string literal =
            p.Type.ToLiteral(text)
            ?? throw new NotebookException(
                $"--set {p.Name}={text}: parameter '{p.Name}' ({notebook.Where(p.FileLine)}) is "
                    + $"{p.Type.WithArticle()}; '{text}' is not {p.Type.WithArticle()}."
            );
        if (!IsAllowed(p, literal))
            throw new NotebookException(
                $"--set {p.Name}={text}: parameter '{p.Name}' ({notebook.Where(p.FileLine)}) is one of "
                    + $"{string.Join(", ", p.Allowed!)}; '{text}' is not."
            );
        return literal;
    }

    // A literal is allowed when the parameter lists no values, or its value is among them.
    private static bool IsAllowed(NotebookParameter p, string literal) =>
        p.Allowed is null || p.Allowed.Contains(Unquote(literal), StringComparer.Ordinal);

    /// <summary>The cell's source with the initializers of <paramref name="values"/> replaced.</summary>
    public string Apply(IReadOnlyList<ParameterValue> values)
    {
        var changes = values
            .Where(v => v.Origin != ParameterOrigin.Default)
            .Select(v => new TextChange(initializers[v.Parameter.Name], v.Literal));
        return SourceText.From(Cell.Source).WithChanges(changes).ToString();
    }

    /// <summary>"epochs (int), rate (double)": the parameters as a message lists them.</summary>
    public static string Describe(IEnumerable<NotebookParameter> parameters)
    {
        string list = string.Join(", ", parameters.Select(p => $"{p.Name} ({p.Type.Keyword()})"));
        return list.Length > 0 ? list : "no parameters";
    }

    // In a script, `var x = 1;` at top level parses as a field; inside a block it would be a local.
    private static IEnumerable<VariableDeclarationSyntax> TopLevelDeclarations(
        CompilationUnitSyntax root
    )
    {
        foreach (var member in root.Members)
        {
            if (member is FieldDeclarationSyntax field)
                yield return field.Declaration;
            else if (
                member is GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax local }
            )
                yield return local.Declaration;
        }
    }

    private static ParameterType? TypeOf(TypeSyntax type, ExpressionSyntax value)
    {
        if (type is PredefinedTypeSyntax predefined)
            return predefined.Keyword.Kind() switch
            {
                SyntaxKind.IntKeyword => ParameterType.Int,
                SyntaxKind.DoubleKeyword => ParameterType.Double,
                SyntaxKind.FloatKeyword => ParameterType.Float,
                SyntaxKind.BoolKeyword => ParameterType.Bool,
                SyntaxKind.StringKeyword => ParameterType.String,
                _ => null,
            };
        if (!type.IsVar)
            return null;
        if (
            value is PrefixUnaryExpressionSyntax
            {
                RawKind: (int)SyntaxKind.UnaryMinusExpression
            } negative
        )
            value = negative.Operand;
        if (value is not LiteralExpressionSyntax literal)
            return null;
        return literal.Token.Value switch
        {
            int => ParameterType.Int,
            double => ParameterType.Double,
            float => ParameterType.Float,
            bool => ParameterType.Bool,
            string => ParameterType.String,
            _ => null,
        };
    }

    private static string? TrailingComment(SyntaxNode statement, string marker)
    {
        var comment = statement
            .GetLastToken()
            .TrailingTrivia.FirstOrDefault(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia))
            .ToString();
        return comment.StartsWith(marker, StringComparison.OrdinalIgnoreCase)
            ? comment[marker.Length..].Trim()
            : null;
    }

    private static string Unquote(string text) =>
        text.StartsWith('"')
        && SyntaxFactory.ParseExpression(text) is LiteralExpressionSyntax literal
            ? literal.Token.ValueText
            : text;
}
