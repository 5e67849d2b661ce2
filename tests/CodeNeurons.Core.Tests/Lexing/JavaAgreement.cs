using CodeNeurons.Lexing;

namespace CodeNeurons.Tests.Lexing;

/// <summary>
/// Agreement of the <see cref="JavaLexer"/> with a NeuroX <c>.in</c>/<c>.label</c> pair: every <c>.in</c> line is
/// re-lexed; when the token counts match, tokens are compared by index (text and label must both agree); a line whose
/// count differs counts all its file tokens as disagreements. Agreement = agreeing tokens / file tokens.
/// </summary>
internal sealed record JavaAgreement(long Tokens, long Agreeing, int Lines, int CountMismatchLines,
    IReadOnlyList<string> Examples, IReadOnlyDictionary<string, int> Differences)
{
    public double Rate => Tokens == 0 ? 1 : (double)Agreeing / Tokens;

    public override string ToString()
        => $"{Agreeing}/{Tokens} tokens ({100 * Rate:F4}%), {Lines} lines, {CountMismatchLines} with another token count; "
           + "differences: " + string.Join(", ", Differences.OrderByDescending(kv => kv.Value).Take(20).Select(kv => $"{kv.Key} x{kv.Value}"))
           + Environment.NewLine + string.Join(Environment.NewLine, Examples);

    public static JavaAgreement Measure(string inPath, string labelPath, JavaLexer? lexer = null)
    {
        lexer ??= new JavaLexer();
        var inLines = File.ReadAllLines(inPath);
        var labelLines = File.ReadAllLines(labelPath);
        Assert.That(labelLines, Has.Length.EqualTo(inLines.Length), "line counts of .in and .label");
        long tokens = 0, agreeing = 0;
        int mismatchLines = 0;
        var examples = new List<string>();
        var diffs = new Dictionary<string, int>();
        for (int n = 0; n < inLines.Length; n++)
        {
            var words = inLines[n].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var labels = labelLines[n].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            tokens += words.Length;
            var lexed = lexer.Tokenize(inLines[n]).Tokens;
            if (lexed.Count != words.Length || labels.Length != words.Length)
            {
                mismatchLines++;
                string key = "count: " + string.Join(" ", words.Except(lexed.Select(t => t.Text)).Take(3));
                diffs[key] = diffs.GetValueOrDefault(key) + 1;
                if (examples.Count < 20) examples.Add($"line {n + 1}: {inLines[n]} => {string.Join(" | ", lexed.Select(t => t.Text))}");
                continue;
            }
            for (int k = 0; k < words.Length; k++)
            {
                if (lexed[k].Text == words[k] && lexed[k].Label == labels[k]) { agreeing++; continue; }
                string key = $"{words[k]}/{labels[k]} -> {lexed[k].Text}/{lexed[k].Label}";
                diffs[key] = diffs.GetValueOrDefault(key) + 1;
                if (examples.Count < 20) examples.Add($"line {n + 1}: {key}");
            }
        }
        return new JavaAgreement(tokens, agreeing, inLines.Length, mismatchLines, examples, diffs);
    }
}
