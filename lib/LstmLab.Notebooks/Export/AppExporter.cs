using System.Text;
using LstmLab.Notebooks.Apps;
using LstmLab.Notebooks.Documents;
using LstmLab.Notebooks.Execution;
using LstmLab.Notebooks.Parameters;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LstmLab.Notebooks.Export;

/// <summary>
/// Writes a notebook as a .NET 10 file-based app (<c>dotnet run NAME.cs</c>): a <c>#:project</c>
/// directive to the library, the markdown cells as comments and the code cells in order, each code
/// cell opened by <c>notebook.Cell();</c> (the report's cell boundary), the parameters as
/// <c>notebook.Parameter(name, value, quick)</c> so that <c>--set</c> and <c>--quick</c> mean what they
/// mean to <c>lstmlab run</c>, and each <c>display(x)</c>, <c>x.Display()</c> or trailing expression
/// as <c>notebook.Show(x)</c>. The kernel's directives become the app's: <c>#r</c> of LstmLab.dll the
/// project, <c>#r "nuget: Name, Version"</c> a <c>#:package</c>, <c>#i "nuget: SOURCE"</c> a restore
/// source; anything else the app cannot honour (magic commands, <c>#r</c> of another file) is refused
/// with a <see cref="NotebookException"/> naming its cell and line.
/// </summary>
public static class AppExporter
{
    private const string LibraryProject = "lib/LstmLab.Notebooks/LstmLab.Notebooks.csproj";
    private static readonly CSharpParseOptions ScriptOptions = new(
        LanguageVersion.Latest,
        kind: SourceCodeKind.Script
    );

    /// <summary>The app's text for <paramref name="notebook"/>, to be written at <paramref name="outputPath"/>.</summary>
    public static string Export(Notebook notebook, string outputPath)
    {
        string checkout =
            Checkout.Find(notebook.Folder)
            ?? throw new NotebookException(
                $"{notebook.Path} is not inside an LSTM Lab checkout (a folder holding LstmLab.slnx): the app needs the library's project."
            );
        string project = Path.GetRelativePath(
                Path.GetDirectoryName(Path.GetFullPath(outputPath))!,
                Path.Combine(checkout, LibraryProject)
            )
            .Replace('\\', '/');
        var directives = new List<string> { $"#:project {project}" };
        var usings = new List<string>();
        var types = new List<string>();
        var body = new StringBuilder();
        var parameters = ParametersCell.Find(notebook);
        var markdown = new List<string>();
        foreach (var cell in notebook.Cells)
        {
            if (cell.IsMarkdown)
            {
                if (markdown.Count > 0)
                    markdown.Add("");
                markdown.AddRange(cell.Source.Split('\n'));
                continue;
            }
            string code = AppDirectives(notebook, cell, directives);
            var cellParameters = cell == parameters?.Cell ? parameters.Parameters : [];
            string rewritten = Rewrite(code, cellParameters, usings, types);
            // A cell of directives and usings only has nothing left to run; its markdown joins the next.
            if (rewritten.Length == 0)
                continue;
            AppendComment(body, markdown);
            markdown.Clear();
            body.Append(AppSource.CellLine).Append('\n').Append(rewritten).Append("\n\n");
        }
        AppendComment(body, markdown);
        body.Append(AppSource.EndLine).Append('\n');

        var app = new StringBuilder();
        foreach (string directive in directives.Distinct())
            app.Append(directive).Append('\n');
        app.Append('\n')
            .Append(
                $"// {notebook.Title}: {Path.GetFileName(notebook.Path)} as a .NET file-based app (lstmlab export).\n"
            )
            .Append(
                $"// Run: dotnet run {Path.GetFileName(outputPath)} -- [--quick] [--set name=value]... [--html OUT.html]\n\n"
            );
        foreach (string line in usings.Append("using LstmLab.Notebooks.Apps;").Distinct())
            app.Append(line).Append('\n');
        app.Append("\nvar notebook = NotebookApp.Start(args);\n\n").Append(body);
        foreach (string type in types)
            app.Append('\n').Append(type).Append('\n');
        return app.ToString();
    }

    private static void AppendComment(StringBuilder body, List<string> markdown)
    {
        foreach (string line in markdown)
            body.Append(line.Length == 0 ? "//" : $"// {line}").Append('\n');
    }

    // The cell's kernel directives turned into the app's (added to `directives`), blanked in the code.
    private static string AppDirectives(
        Notebook notebook,
        NotebookCell cell,
        List<string> directives
    )
    {
        string[] lines = cell.Source.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            string where =
                $"cell {cell.Number}, line {i + 1} ({notebook.Where(cell.FileLine(i + 1))})";
            if (line.StartsWith("#!"))
                throw new NotebookException(
                    $"{where}: the magic command '{line}' has no equivalent in a file-based app; remove it from the notebook to export it (lstmlab run and the kernel run it as it is)."
                );
            if (CellDirectives.Argument(line, "#i") is { } source)
                directives.Add(
                    $"#:property RestoreAdditionalProjectSources={NuGet(source, line, where)}"
                );
            else if (CellDirectives.Argument(line, "#r") is { } target)
                directives.AddRange(Reference(target, line, where));
            else
                continue;
            lines[i] = "";
        }
        return string.Join('\n', lines);
    }

    private static IEnumerable<string> Reference(string target, string line, string where)
    {
        if (target.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
        {
            string[] parts = NuGet(target, line, where).Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[1].Length == 0)
                throw new NotebookException(
                    $"{where}: '{line}' names no version; a file-based app needs one: #r \"nuget: {parts[0]}, VERSION\"."
                );
            return [$"#:package {parts[0]}@{parts[1]}"];
        }
        if (Path.GetFileName(target) == "LstmLab.dll")
            return []; // the library itself, which #:project brings
        throw new NotebookException(
            $"{where}: '{line}' references an assembly file, which a file-based app cannot; reference its project or package instead."
        );
    }

    private static string NuGet(string argument, string line, string where) =>
        argument.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase)
            ? argument["nuget:".Length..].Trim()
            : throw new NotebookException(
                $"{where}: '{line}' is not a NuGet directive the app can honour."
            );

    // The cell as top-level statements: usings and type declarations moved out, the kernel's display
    // calls and the trailing expression shown through the app, parameters given their command-line value.
    private static string Rewrite(
        string code,
        IReadOnlyList<NotebookParameter> parameters,
        List<string> usings,
        List<string> types
    )
    {
        var root = CSharpSyntaxTree.ParseText(code, ScriptOptions).GetCompilationUnitRoot();
        usings.AddRange(root.Usings.Select(u => u.WithoutTrivia().ToFullString()));
        var rewriter = new CellRewriter(parameters);
        var members = new List<string>();
        for (int i = 0; i < root.Members.Count; i++)
        {
            var member = (MemberDeclarationSyntax)rewriter.Visit(root.Members[i]);
            if (member is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax)
                types.Add(member.ToFullString().Trim('\n'));
            else if (
                i == root.Members.Count - 1
                && member is GlobalStatementSyntax { Statement: ExpressionStatementSyntax last }
                && last.SemicolonToken.IsMissing
            )
                members.Add(
                    last.GetLeadingTrivia().ToFullString()
                        + $"notebook.Show({last.Expression.WithoutTrivia()});"
                );
            else
                members.Add(member.ToFullString());
        }
        return string.Concat(members).Trim('\n', ' ');
    }

    private sealed class CellRewriter(IReadOnlyList<NotebookParameter> parameters)
        : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
        {
            var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
            if (visited.Expression is IdentifierNameSyntax { Identifier.Text: "display" } name)
                return visited.WithExpression(Show().WithTriviaFrom(name));
            if (
                visited.Expression
                    is MemberAccessExpressionSyntax { Name.Identifier.Text: "Display" } access
                && visited.ArgumentList.Arguments.Count == 0
            )
                return SyntaxFactory
                    .InvocationExpression(
                        Show(),
                        SyntaxFactory.ArgumentList([SyntaxFactory.Argument(access.Expression)])
                    )
                    .WithTriviaFrom(visited);
            return visited;
        }

        public override SyntaxNode? VisitVariableDeclarator(VariableDeclaratorSyntax node)
        {
            var parameter = parameters.FirstOrDefault(p => p.Name == node.Identifier.Text);
            if (parameter is null || node.Initializer is null)
                return base.VisitVariableDeclarator(node);
            // `double rate = 1;` gives 1.0, so that the call's type is the declared one.
            string value =
                parameter.Type == ParameterType.String
                    ? parameter.Default
                    : parameter.Type.ToLiteral(parameter.Default) ?? parameter.Default;
            string call = parameter.Quick is null
                ? $"notebook.Parameter(\"{parameter.Name}\", {value})"
                : $"notebook.Parameter(\"{parameter.Name}\", {value}, quick: {parameter.Quick})";
            return node.WithInitializer(
                node.Initializer.WithValue(
                    SyntaxFactory.ParseExpression(call).WithTriviaFrom(node.Initializer.Value)
                )
            );
        }

        // The `// quick: 2` comment: its value is now the call's third argument.
        public override SyntaxTrivia VisitTrivia(SyntaxTrivia trivia) =>
            trivia.IsKind(SyntaxKind.SingleLineCommentTrivia)
            && trivia.ToString().StartsWith("// quick:", StringComparison.OrdinalIgnoreCase)
            && parameters.Count > 0
                ? default
                : base.VisitTrivia(trivia);

        private static MemberAccessExpressionSyntax Show() =>
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                SyntaxFactory.IdentifierName("notebook"),
                SyntaxFactory.IdentifierName("Show")
            );
    }
}
