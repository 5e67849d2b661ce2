
namespace CodeNeurons.Data;

/// <summary>
/// One unit of input to an <see cref="IActivationSource"/>: a snippet of code and its code tokens (the rows of
/// token-level output). Without explicit tokens, the tokens are the whitespace-separated words of the text.
/// </summary>
/// <param name="Text">The text given to the model's tokenizer as a whole (newlines included).</param>
/// <param name="Tokens">The code tokens as spans of <paramref name="Text"/>, in order and non-overlapping; null for whitespace-separated words.</param>
public sealed record CodeSnippet(string Text, IReadOnlyList<TokenSpan>? Tokens = null)
{
    /// <summary>A snippet from pre-tokenized code (a NeuroX <c>.in</c> line): the tokens joined by single spaces.</summary>
    /// <param name="tokens">The code tokens (none empty, none containing whitespace).</param>
    /// <returns>The snippet.</returns>
    /// <exception cref="ArgumentException">A token is empty or contains whitespace.</exception>
    public static CodeSnippet FromTokens(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var spans = new TokenSpan[tokens.Count];
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < tokens.Count; i++)
        {
            string t = tokens[i];
            if (string.IsNullOrEmpty(t) || t.Any(char.IsWhiteSpace))
                throw new ArgumentException($"Token {i} ('{t}') is empty or contains whitespace.", nameof(tokens));
            if (i > 0) text.Append(' ');
            spans[i] = new TokenSpan(text.Length, t.Length);
            text.Append(t);
        }
        return new CodeSnippet(text.ToString(), spans);
    }

    /// <summary>The code tokens: <see cref="Tokens"/>, or the whitespace-separated words of <see cref="Text"/>.</summary>
    /// <returns>Spans in order.</returns>
    public IReadOnlyList<TokenSpan> ResolveTokens()
    {
        if (Tokens is not null) return Tokens;
        var spans = new List<TokenSpan>();
        int i = 0;
        while (i < Text.Length)
        {
            while (i < Text.Length && char.IsWhiteSpace(Text[i])) i++;
            int start = i;
            while (i < Text.Length && !char.IsWhiteSpace(Text[i])) i++;
            if (i > start) spans.Add(new TokenSpan(start, i - start));
        }
        return spans;
    }
}
