using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CodeNeurons.Formats;
using CodeNeurons.Lexing;

namespace CodeNeurons.Cli;

/// <summary>The label scheme of <c>codeneurons label</c>.</summary>
public enum LabelScheme
{
    /// <summary>The paper's labels (Java: as the files of Sharma et al.; Python: tokenize's names with KEYWORD split from NAME).</summary>
    Paper,

    /// <summary>Java only: sensible names, char and hex literals classified.</summary>
    Clean,
}

/// <summary>The language of <c>codeneurons label</c>.</summary>
public enum CodeLanguage
{
    /// <summary>Java, lexed line by line (javalang's tokens).</summary>
    Java,

    /// <summary>Python, lexed as a whole file (Python 3.11's tokenize).</summary>
    Python,
}

/// <summary><c>codeneurons label</c>: concept labels of code tokens, written in NeuroX's parallel-file format.</summary>
internal static class LabelCommand
{
    /// <summary>Python tokens that carry no text of their own and are left out of <c>.in</c>/<c>.label</c> (kept in tokens.jsonl).</summary>
    private static readonly HashSet<string> PythonLayout = ["NEWLINE", "NL", "INDENT", "DEDENT", "ENDMARKER", "COMMENT"];

    public static Command Create()
    {
        var language = new Option<CodeLanguage>("--language", "-l") { Description = "java or python.", Required = true };
        var scheme = new Option<LabelScheme>("--scheme") { Description = "paper (the labels of Sharma et al.'s files) or clean (Java only).", DefaultValueFactory = _ => LabelScheme.Paper };
        var input = new Option<string>("--input", "-i") { Description = "The source file (UTF-8).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Output prefix: writes PREFIX.in, PREFIX.label and PREFIX.tokens.jsonl.", Required = true };
        var skipEmpty = new Option<bool>("--skip-empty-lines") { Description = "Leave out input lines without tokens (by default they give empty lines, one output line per input line)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors." };
        var command = new Command("label", "Lex code and label each token with its concept (NUMBER, STRING, KEYWORD, IDENT …); writes NeuroX .in/.label files and tokens.jsonl.")
        {
            language, scheme, input, output, skipEmpty, quiet,
        };
        command.SetAction((parse, ct) => Task.FromResult(Program.Guard(() => Run(parse.GetValue(language), parse.GetValue(scheme),
            parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(skipEmpty), parse.GetValue(quiet), ct))));
        return command;
    }

    /// <summary>Token text as written to <c>.in</c>: whitespace inside a token would split it, so it is made visible (space → ▁, tab → \t, newline → \n, CR → \r).</summary>
    internal static string InText(string text)
    {
        if (!text.Any(char.IsWhiteSpace)) return text;
        var sb = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            sb.Append(c switch
            {
                ' ' => "▁",
                '\t' => "\\t",
                '\n' => "\\n",
                '\r' => "\\r",
                _ when char.IsWhiteSpace(c) => "▁",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    /// <summary>Lexes <paramref name="text"/> and groups its tokens by (1-based) line: Java line by line as javalang did for the paper, Python as a whole (layout tokens left out).</summary>
    internal static List<LexToken>[] LexByLine(CodeLanguage language, JavaLabelScheme scheme, string text, List<LexToken> all, List<LexDiagnostic> diagnostics, CancellationToken ct)
    {
        // Tokens grouped by (1-based) input line.
        var lines = text.Split('\n');
        if (lines.Length > 0 && lines[^1].Length == 0) Array.Resize(ref lines, lines.Length - 1);
        var byLine = new List<LexToken>[lines.Length];
        for (int i = 0; i < byLine.Length; i++) byLine[i] = [];
        if (language == CodeLanguage.Java)
        {
            var lexer = new JavaLexer(new JavaLexerOptions { Scheme = scheme });
            for (int i = 0; i < lines.Length; i++)
            {
                ct.ThrowIfCancellationRequested();
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
            var result = new PythonLexer().Tokenize(text);
            all.AddRange(result.Tokens);
            diagnostics.AddRange(result.Diagnostics);
            foreach (var t in result.Tokens)
            {
                if (PythonLayout.Contains(t.Label) || t.Line < 1 || t.Line > lines.Length) continue;
                byLine[t.Line - 1].Add(t);
            }
        }
    return byLine;
}

private static int Run(CodeLanguage language, LabelScheme scheme, string input, string output, bool skipEmpty, bool quiet, CancellationToken ct)
{
    if (!File.Exists(input)) throw new FileNotFoundException($"Input file '{input}' does not exist.", input);
    if (language == CodeLanguage.Python && scheme == LabelScheme.Clean)
        throw new ArgumentException("--scheme clean is for Java; Python's labels are tokenize's names (paper scheme).");
    var dir = Path.GetDirectoryName(Path.GetFullPath(output))!;
    if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"The output folder '{dir}' does not exist (--output {output}).");
    string text;
    try
    {
        text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(input));
    }
    catch (DecoderFallbackException ex)
    {
        throw new InvalidDataException($"{input} is not valid UTF-8 (byte {ex.Index}).", ex);
        }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];

        var all = new List<LexToken>();
        var diagnostics = new List<LexDiagnostic>();
        var byLine = LexByLine(language, scheme == LabelScheme.Clean ? JavaLabelScheme.Clean : JavaLabelScheme.Paper, text, all, diagnostics, ct);

        var inLines = new List<string>();
        var labelLines = new List<string>();
        foreach (var tokens in byLine)
        {
            if (tokens.Count == 0 && skipEmpty) continue;
            inLines.Add(string.Join(' ', tokens.Select(t => InText(t.Text))));
            labelLines.Add(string.Join(' ', tokens.Select(t => t.Label)));
        }

        // Three files written to temporary files, then renamed together: a failure leaves the previous set whole.
        OutputGuard.EnsureNotInput(output + ".in", "--output", ("--input", input)); OutputGuard.EnsureNotInput(output + ".label", "--output", ("--input", input)); OutputGuard.EnsureNotInput(output + ".tokens.jsonl", "--output", ("--input", input));
        using var files = new AtomicFileSet();
        files.Write(output + ".tokens.jsonl", (FileStream fs) =>
        {
            var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            foreach (var t in all)
            {
                using (var w = new Utf8JsonWriter(fs, options))
                {
                    w.WriteStartObject();
                    w.WriteNumber("line", t.Line);
                    w.WriteNumber("col", t.Column);
                    w.WriteNumber("end_line", t.EndLine);
                    w.WriteNumber("end_col", t.EndColumn);
                    w.WriteString("text", t.Text);
                    w.WriteString("label", t.Label);
                    w.WriteEndObject();
                }
                fs.WriteByte((byte)'\n');
            }
        });
        files.Write(output + ".label", (FileStream fs) => WriteLines(fs, labelLines));
        files.Write(output + ".in", (FileStream fs) => WriteLines(fs, inLines));
        files.Commit();

        if (!quiet)
        {
            foreach (var d in diagnostics.Take(20)) Console.Error.WriteLine($"codeneurons: warning: {input}:{d.Line}:{d.Column}: {d.Message}");
            if (diagnostics.Count > 20) Console.Error.WriteLine($"codeneurons: warning: … and {diagnostics.Count - 20} more problems.");
            var counts = all.Where(t => language == CodeLanguage.Java || !PythonLayout.Contains(t.Label)).GroupBy(t => t.Label).OrderByDescending(g => g.Count()).Take(8);
            Console.WriteLine($"{inLines.Count} lines, {labelLines.Sum(l => l.Length == 0 ? 0 : l.Split(' ').Length)} tokens written to {output}.in/.label/.tokens.jsonl ({string.Join(", ", counts.Select(g => $"{g.Key} {g.Count()}"))}).");
        }
        return 0;
    }

    private static void WriteLines(Stream stream, IEnumerable<string> lines)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        foreach (var line in lines) writer.WriteLine(line);
    }
}
