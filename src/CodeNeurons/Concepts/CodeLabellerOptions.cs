using CodeNeurons.Lexing;

namespace CodeNeurons.Concepts;

/// <summary>Options of <see cref="CodeLabeller"/>.</summary>
public sealed record CodeLabellerOptions
{
    /// <summary>The Java label scheme (default <see cref="JavaLabelScheme.Paper"/>).</summary>
    public JavaLabelScheme JavaScheme { get; init; } = JavaLabelScheme.Paper;

    /// <summary>
    /// Lex Java one line at a time, as javalang did for the paper's files (<c>codeneurons label</c>). Off by default:
    /// whole files are lexed, so block comments, Javadoc and text blocks spanning lines never become code tokens.
    /// </summary>
    public bool JavaLineByLine { get; init; }

    /// <summary>Relabel Python's <c>NAME</c> as <c>IDENT</c>, so that Java and Python identifiers are one class (default on).</summary>
    public bool NameAsIdent { get; init; } = true;
}
