using System.Text;
using System.Text.Json;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Lexing;

namespace CodeNeurons.Torch.Compact;

/// <summary>Reads the input of <c>codeneurons predict</c> for each kind of <see cref="CompactInput"/>.</summary>
public static class CompactInputFile
{
    /// <summary>
    /// Token tagging input. A <c>.java</c> or <c>.py</c> file is lexed as a whole (<see cref="CodeLabeller.LexLines"/>) and each
    /// source line with code tokens becomes one sentence, its tokens joined by single spaces — as the analysis' corpora are
    /// made (<c>codeneurons label</c>, the built-in corpus). Any other file is read as <c>codeneurons extract</c> reads it
    /// (<see cref="CorpusReader.Read"/>: <c>.in</c> lines of space-separated tokens, or <c>.jsonl</c> texts).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>The snippets, in order.</returns>
    /// <exception cref="InvalidDataException">The file has no code tokens, or is malformed (the message names it and the line).</exception>
    public static IReadOnlyList<CodeSnippet> ReadCode(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        InputPaths.RequireFile(path, "Input file");
        if (!CodeLanguages.TryFromPath(path, out var language)) return CorpusReader.Read(path);
        var lexed = CodeLabeller.LexLines(language, File.ReadAllText(path));
        var result = new List<CodeSnippet>();
        foreach (var line in lexed.Lines)
        {
            if (line.Count == 0) continue;
            var text = new StringBuilder();
            var spans = new List<TokenSpan>();
            foreach (var token in line)
            {
                if (string.IsNullOrWhiteSpace(token.Text)) continue;
                if (text.Length > 0) text.Append(' ');
                spans.Add(new TokenSpan(text.Length, token.Text.Length));
                text.Append(token.Text);
            }
            if (spans.Count > 0) result.Add(new CodeSnippet(text.ToString(), spans));
        }
        return result.Count > 0 ? result : throw new InvalidDataException($"{path}: no code tokens.");
    }

    /// <summary>Snippet input: a <c>.jsonl</c> file holds one snippet a line (<c>{"text": …}</c>, as <see cref="CorpusReader.Read"/>); any other file is one snippet.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The snippets' texts.</returns>
    /// <exception cref="InvalidDataException">An empty file or a malformed line (named).</exception>
    public static IReadOnlyList<string> ReadSnippets(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        InputPaths.RequireFile(path, "Input file");
        if (IsJsonl(path)) return [.. CorpusReader.Read(path).Select(s => s.Text)];
        var text = File.ReadAllText(path);
        return text.Trim().Length > 0 ? [text] : throw new InvalidDataException($"{path}: the snippet is empty.");
    }

    /// <summary>Pair input: a <c>.jsonl</c> file with one object a line holding strings <c>"first"</c> and <c>"second"</c> (clone: two functions; search: query, code).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The pairs.</returns>
    /// <exception cref="InvalidDataException">Not <c>.jsonl</c>, a malformed line or a missing field (the message names the file and the 1-based line).</exception>
    public static IReadOnlyList<(string First, string Second)> ReadPairs(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        InputPaths.RequireFile(path, "Input file");
        if (!IsJsonl(path)) throw new InvalidDataException($"{path}: pairs are read from a .jsonl file with {{\"first\": …, \"second\": …}} a line.");
        var result = new List<(string, string)>();
        int lineNo = 0;
        foreach (var line in File.ReadLines(path, new UTF8Encoding(false, throwOnInvalidBytes: true)))
        {
            lineNo++;
            if (line.Trim().Length == 0) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                if (r.ValueKind != JsonValueKind.Object || !r.TryGetProperty("first", out var a) || a.ValueKind != JsonValueKind.String
                    || !r.TryGetProperty("second", out var b) || b.ValueKind != JsonValueKind.String)
                    throw new InvalidDataException($"{path}: line {lineNo} is not an object with strings \"first\" and \"second\".");
                result.Add((a.GetString()!, b.GetString()!));
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{path}: line {lineNo} is not valid JSON ({ex.Message}).", ex);
            }
        }
        return result.Count > 0 ? result : throw new InvalidDataException($"{path}: no pairs (the file is empty).");
    }

    private static bool IsJsonl(string path) => string.Equals(Path.GetExtension(path), ".jsonl", StringComparison.OrdinalIgnoreCase);
}
