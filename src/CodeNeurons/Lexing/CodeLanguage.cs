namespace CodeNeurons.Lexing;

/// <summary>A programming language with a lexer in the library.</summary>
public enum CodeLanguage
{
    /// <summary>Java (<see cref="JavaLexer"/>, javalang's tokens), files ending in <c>.java</c>.</summary>
    Java,

    /// <summary>Python (<see cref="PythonLexer"/>, Python 3.11's tokenize), files ending in <c>.py</c>.</summary>
    Python,
}
