namespace CodeNeurons.Lexing;

/// <summary>Language dispatch by file extension.</summary>
public static class CodeLanguages
{
    /// <summary>The language of a file, from its extension (case-insensitive): <c>.java</c> or <c>.py</c>.</summary>
    /// <param name="path">A file name or path.</param>
    /// <param name="language">The language, when the extension is known.</param>
    /// <returns>True when the extension names a supported language.</returns>
    public static bool TryFromPath(string path, out CodeLanguage language)
    {
        ArgumentNullException.ThrowIfNull(path);
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".java": language = CodeLanguage.Java; return true;
            case ".py": language = CodeLanguage.Python; return true;
            default: language = default; return false;
        }
    }

    /// <summary>The language of a file, from its extension: <c>.java</c> or <c>.py</c>.</summary>
    /// <param name="path">A file name or path (named in the error).</param>
    /// <returns>The language.</returns>
    /// <exception cref="ArgumentException">Another extension.</exception>
    public static CodeLanguage FromPath(string path) => TryFromPath(path, out var language) ? language
        : throw new ArgumentException($"{path}: only .java and .py files can be analysed (the extension picks the lexer).", nameof(path));

    /// <summary>A lexer for <paramref name="language"/>.</summary>
    /// <param name="language">The language.</param>
    /// <param name="javaScheme">The Java label scheme (ignored for Python).</param>
    /// <returns>A new lexer.</returns>
    public static ICodeLexer CreateLexer(CodeLanguage language, JavaLabelScheme javaScheme = JavaLabelScheme.Paper) => language switch
    {
        CodeLanguage.Java => new JavaLexer(new JavaLexerOptions { Scheme = javaScheme }),
        CodeLanguage.Python => new PythonLexer(),
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, "Java or Python."),
    };
}
