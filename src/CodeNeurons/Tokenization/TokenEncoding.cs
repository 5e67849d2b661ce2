namespace CodeNeurons.Tokenization;

/// <summary>
/// The result of tokenizing one text, as a Hugging Face fast tokenizer reports it: ids, token strings,
/// character offsets and which tokens the post-processor added (<c>[CLS]</c>, <c>&lt;s&gt;</c>, ...).
/// </summary>
/// <param name="Ids">Token ids, in order.</param>
/// <param name="Tokens">Token strings as they appear in the vocabulary (byte-level BPE tokens use the GPT-2 byte alphabet, e.g. <c>Ġ</c> for a space).</param>
/// <param name="Offsets">
/// For each token the span [Start, End) of the input string it came from, in UTF-16 code units (indices into the C# string).
/// Tokens added by the post-processor have (0, 0). Hugging Face reports offsets in Unicode code points; the two agree
/// whenever the text has no characters outside the Basic Multilingual Plane — use <see cref="ToCodePointOffsets"/> otherwise.
/// </param>
/// <param name="SpecialTokensMask">1 for tokens added by the post-processor (special tokens), 0 for tokens of the text.</param>
public sealed record TokenEncoding(int[] Ids, string[] Tokens, (int Start, int End)[] Offsets, int[] SpecialTokensMask)
{
    /// <summary>Number of tokens.</summary>
    public int Count => Ids.Length;

    /// <summary>
    /// Converts <see cref="Offsets"/> from UTF-16 code units to Unicode code points (what Hugging Face's Python API reports).
    /// </summary>
    /// <param name="text">The text that was encoded.</param>
    /// <returns>New offsets, one per token.</returns>
    public (int Start, int End)[] ToCodePointOffsets(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var map = new int[text.Length + 1];
        int cp = 0;
        for (int i = 0; i < text.Length; i++)
        {
            map[i] = cp;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                map[i + 1] = cp;
                i++;
            }
            cp++;
        }
        map[text.Length] = cp;
        var result = new (int, int)[Offsets.Length];
        for (int t = 0; t < Offsets.Length; t++)
        {
            var (s, e) = Offsets[t];
            result[t] = (map[Math.Clamp(s, 0, text.Length)], map[Math.Clamp(e, 0, text.Length)]);
        }
        return result;
    }
}
