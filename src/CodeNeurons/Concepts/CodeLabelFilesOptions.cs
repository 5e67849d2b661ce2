using System.Text.Encodings.Web;
using System.Text.Json;
using CodeNeurons.Formats;
using CodeNeurons.Lexing;

namespace CodeNeurons.Concepts;

/// <summary>Options of <see cref="CodeLabelFiles.Write"/>.</summary>
public sealed record CodeLabelFilesOptions
{
    /// <summary>The language of the source file.</summary>
    public CodeLanguage Language { get; init; } = CodeLanguage.Java;

    /// <summary>The Java label scheme; <see cref="JavaLabelScheme.Clean"/> is for Java only.</summary>
    public JavaLabelScheme JavaScheme { get; init; } = JavaLabelScheme.Paper;

    /// <summary>Lex Java line by line, as javalang did for the paper's files (default on, so the paper's data is reproduced).</summary>
    public bool JavaLineByLine { get; init; } = true;

    /// <summary>Leave out source lines without tokens (by default they give empty lines: one output line per input line).</summary>
    public bool SkipEmptyLines { get; init; }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">The clean scheme with Python.</exception>
    public void Validate()
    {
        if (Language == CodeLanguage.Python && JavaScheme == JavaLabelScheme.Clean)
            throw new ArgumentException("--scheme clean is for Java; Python's labels are tokenize's names (paper scheme).", nameof(JavaScheme));
    }
}
