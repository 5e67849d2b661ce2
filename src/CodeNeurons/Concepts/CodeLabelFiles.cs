using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CodeNeurons.Formats;
using CodeNeurons.Lexing;

namespace CodeNeurons.Concepts;

/// <summary>
/// Lexes one source file and writes its labelled tokens in NeuroX's parallel-file format: <c>PREFIX.in</c> (tokens),
/// <c>PREFIX.label</c> (labels), one line per source line, and <c>PREFIX.tokens.jsonl</c> (every token with its position).
/// </summary>
public static class CodeLabelFiles
{
    private static readonly HashSet<string> PythonLayout = ["NEWLINE", "NL", "INDENT", "DEDENT", "ENDMARKER", "COMMENT"];

    /// <summary>Labels <paramref name="inputPath"/> and writes the three files, each through a temporary file (a failure leaves none half-written).</summary>
    /// <param name="inputPath">The source file (UTF-8).</param>
    /// <param name="outputPrefix">The output prefix; its folder must exist.</param>
    /// <param name="options">Settings; null for Java with the paper's labels.</param>
    /// <param name="cancellationToken">Cancels the lexing.</param>
    /// <returns>Counts and diagnostics.</returns>
    /// <exception cref="FileNotFoundException">The input does not exist.</exception>
    /// <exception cref="DirectoryNotFoundException">The output folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The input is binary or not valid UTF-8.</exception>
    public static CodeLabelFilesResult Write(string inputPath, string outputPrefix, CodeLabelFilesOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputPath);
        ArgumentNullException.ThrowIfNull(outputPrefix);
        options ??= new CodeLabelFilesOptions();
        InputPaths.RequireFile(inputPath, "Input file");
        options.Validate();
        foreach (var extension in new[] { ".in", ".label", ".tokens.jsonl" })
            OutputGuard.EnsureNotInput(outputPrefix + extension, "--output", ("--input", inputPath));
        var dir = Path.GetDirectoryName(Path.GetFullPath(outputPrefix))!;
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"The output folder '{dir}' does not exist (--output {outputPrefix}).");
        string text = CodeCorpus.Decode(CodeCorpus.ReadBounded(inputPath), inputPath);
        var lexed = CodeLabeller.LexLines(options.Language, text,
            new CodeLabellerOptions { JavaScheme = options.JavaScheme, JavaLineByLine = options.JavaLineByLine }, cancellationToken);

        var inLines = new List<string>();
        var labelLines = new List<string>();
        int tokens = 0;
        foreach (var line in lexed.Lines)
        {
            if (line.Count == 0 && options.SkipEmptyLines) continue;
            inLines.Add(string.Join(' ', line.Select(t => InText(t.Text))));
            labelLines.Add(string.Join(' ', line.Select(t => t.Label)));
            tokens += line.Count;
        }

        // The three files are replaced together: all written to temporary files first, then renamed (a failure leaves the old set).
        using var outputs = new AtomicFileSet();
        outputs.Write(outputPrefix + ".tokens.jsonl", fs =>
        {
            var jsonOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            foreach (var t in lexed.Tokens)
            {
                using (var w = new Utf8JsonWriter(fs, jsonOptions))
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
        outputs.Write(outputPrefix + ".label", fs => WriteLines(fs, labelLines));
        outputs.Write(outputPrefix + ".in", fs => WriteLines(fs, inLines));
        outputs.Commit();

        var counts = lexed.Tokens.Where(t => options.Language == CodeLanguage.Java || !PythonLayout.Contains(t.Label))
            .GroupBy(t => t.Label).OrderByDescending(g => g.Count()).Select(g => new KeyValuePair<string, int>(g.Key, g.Count())).ToArray();
        return new CodeLabelFilesResult(inLines.Count, tokens, counts, lexed.Diagnostics);
    }

    /// <summary>Token text as written to <c>.in</c>: whitespace inside a token would split it, so it is made visible (space → ▁, tab → \t, newline → \n, CR → \r).</summary>
    /// <param name="text">The token's text.</param>
    /// <returns>The text without whitespace.</returns>
    public static string InText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
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

    private static void WriteLines(Stream stream, IEnumerable<string> lines)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        foreach (var line in lines) writer.WriteLine(line);
    }
}
