using CodeNeurons.Lexing;

namespace CodeNeurons.Concepts;

/// <summary>
/// Labels Java and Python code with its concepts: each file is lexed as a whole by <see cref="JavaLexer"/> or
/// <see cref="PythonLexer"/> (comments, Javadoc and multi-line strings are the lexer's business and never become code
/// tokens), and every source line holding code tokens becomes one sentence.
/// </summary>
public static class CodeLabeller
{
    /// <summary>Python tokens that carry no code text (kept in <see cref="LexedLines.Tokens"/>, left out of the lines).</summary>
    private static readonly HashSet<string> PythonLayout = ["NEWLINE", "NL", "INDENT", "DEDENT", "ENDMARKER", "COMMENT"];

    /// <summary>Lexes one source text and groups its code tokens by (1-based) line.</summary>
    /// <param name="language">The language.</param>
    /// <param name="text">The whole source text (no byte-order mark).</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the lexing.</param>
    /// <returns>Tokens, lines and diagnostics. A trailing newline does not start a line.</returns>
    public static LexedLines LexLines(CodeLanguage language, string text, CodeLabellerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= new CodeLabellerOptions();
        var lines = text.Split('\n');
        if (lines.Length > 0 && lines[^1].Length == 0) Array.Resize(ref lines, lines.Length - 1);
        var byLine = new List<LexToken>[lines.Length];
        for (int i = 0; i < byLine.Length; i++) byLine[i] = [];
        var all = new List<LexToken>();
        var diagnostics = new List<LexDiagnostic>();
        if (language == CodeLanguage.Java && options.JavaLineByLine)
        {
            var lexer = new JavaLexer(new JavaLexerOptions { Scheme = options.JavaScheme });
            for (int i = 0; i < lines.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = lexer.Tokenize(lines[i].TrimEnd('\r'));
                foreach (var t in result.Tokens)
                {
                    var shifted = t with { Line = i + 1, EndLine = i + 1 + (t.EndLine - t.Line) };
                    all.Add(shifted);
                    byLine[i].Add(shifted);
                }
                diagnostics.AddRange(result.Diagnostics.Select(d => d with { Line = i + 1 }));
            }
        }
        else
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = CodeLanguages.CreateLexer(language, options.JavaScheme).Tokenize(text);
            all.AddRange(result.Tokens);
            diagnostics.AddRange(result.Diagnostics);
            foreach (var t in result.Tokens)
            {
                if ((language == CodeLanguage.Python && PythonLayout.Contains(t.Label)) || t.Line < 1 || t.Line > lines.Length) continue;
                byLine[t.Line - 1].Add(t);
            }
        }
        return new LexedLines(all, byLine, diagnostics);
    }

    /// <summary>
    /// Labelled tokens of every file of <paramref name="corpus"/>: one sentence per source line holding code tokens,
    /// files in order; Python's <c>NAME</c> relabelled <c>IDENT</c> unless <see cref="CodeLabellerOptions.NameAsIdent"/> is off.
    /// </summary>
    /// <param name="corpus">The files.</param>
    /// <param name="options">Options; null for the defaults (whole files, paper labels).</param>
    /// <param name="cancellationToken">Cancels the labelling.</param>
    /// <returns>The labelled tokens (sentence indices count lines with code across files).</returns>
    /// <exception cref="ArgumentException">The corpus has no code token.</exception>
    public static LabeledTokens Label(CodeCorpus corpus, CodeLabellerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        options ??= new CodeLabellerOptions();
        var tokens = new List<string>();
        var labels = new List<string>();
        var sentences = new List<int>();
        int sentence = 0;
        foreach (var file in corpus.Files)
        {
            var lexed = LexLines(file.Language, file.Text, options, cancellationToken);
            foreach (var line in lexed.Lines.Where(l => l.Count > 0))
            {
                foreach (var t in line)
                {
                    tokens.Add(t.Text);
                    labels.Add(options.NameAsIdent && t.Label == "NAME" ? "IDENT" : t.Label);
                    sentences.Add(sentence);
                }
                sentence++;
            }
        }
        if (tokens.Count == 0) throw new ArgumentException($"The input ({corpus.Description}) has no code tokens.", nameof(corpus));
        return LabeledTokens.Create(tokens, labels, sentences);
    }
}
