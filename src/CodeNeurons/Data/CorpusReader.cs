using System.Text.Json;

namespace CodeNeurons.Data;

/// <summary>Reads extraction input files into <see cref="CodeSnippet"/>s.</summary>
public static class CorpusReader
{
    /// <summary>
    /// Reads <paramref name="path"/>: <c>.jsonl</c> — one JSON object a line with a string <c>"text"</c> (tokenized as a
    /// whole, newlines included; its code tokens are its whitespace-separated words); any other extension (<c>.in</c>,
    /// <c>.txt</c>, <c>.word</c>) — one sentence a line, code tokens separated by spaces (NeuroX's format).
    /// </summary>
    /// <param name="path">The input file (UTF-8).</param>
    /// <returns>The snippets, in file order.</returns>
    /// <exception cref="InvalidDataException">Invalid UTF-8, an empty line, a JSON line without a string "text", or no snippets at all (the message names the file and the 1-based line).</exception>
    public static IReadOnlyList<CodeSnippet> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Formats.InputPaths.RequireFile(path, "Input file");
        bool jsonl = string.Equals(Path.GetExtension(path), ".jsonl", StringComparison.OrdinalIgnoreCase);
        var result = new List<CodeSnippet>();
        // strict UTF-8 and bounded lines (TextLimits.MaxLineBytes): neither a huge line nor /dev/zero can exhaust memory
        foreach (var (lineNo, line) in Formats.TextLimits.ReadLines(path, splitOnCarriageReturn: false))
        {
            if (jsonl)
            {
                if (line.Trim().Length == 0) continue;
                string text;
                try
                {
                    using var doc = JsonDocument.Parse(line);
                    if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("text", out var t) || t.ValueKind != JsonValueKind.String)
                        throw new InvalidDataException($"{path}: line {lineNo} is not an object with a string \"text\".");
                    text = t.GetString()!;
                }
                catch (JsonException ex)
                {
                    throw new InvalidDataException($"{path}: line {lineNo} is not valid JSON ({ex.Message}).", ex);
                }
                catch (InvalidOperationException ex) // a lone \u surrogate escape, found only when the string is decoded
                {
                    throw new InvalidDataException($"{path}: line {lineNo}: \"text\" cannot be decoded ({ex.Message}).", ex);
                }
                if (text.Trim().Length == 0) throw new InvalidDataException($"{path}: line {lineNo} has an empty \"text\".");
                result.Add(new CodeSnippet(text));
            }
            else
            {
                var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (tokens.Length == 0) throw new InvalidDataException($"{path}: line {lineNo} is empty; every line must hold at least one token.");
                result.Add(CodeSnippet.FromTokens(tokens.SelectMany(t => t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToArray()));
            }
        }
        if (result.Count == 0) throw new InvalidDataException($"{path}: no snippets (the file is empty).");
        return result;
    }
}
