namespace CodeNeurons.Tokenization;

/// <summary>
/// A <c>tokenizer.json</c> normalizer that keeps the alignment to the original text (Hugging Face <c>normalizers</c>):
/// <c>NFC</c>, <c>Prepend</c>, <c>Replace</c> with a string pattern, and <c>Sequence</c>s of them.
/// </summary>
internal abstract class PieceNormalizer
{
    public abstract Piece Apply(Piece input);

    /// <summary>Unicode NFC; a composed character covers the spans of its parts.</summary>
    public sealed class NfcNormalizer : PieceNormalizer
    {
        public override Piece Apply(Piece input) => Nfc.Normalize(input);
    }

    /// <summary>
    /// Puts <see cref="Prefix"/> before non-empty text (Llama's legacy <c>Prepend("▁")</c>); the prefix takes the first
    /// character's span, as the Rust <c>NormalizedString::prepend</c> does.
    /// </summary>
    public sealed class PrependNormalizer(string prefix) : PieceNormalizer
    {
        public string Prefix { get; } = prefix;

        public override Piece Apply(Piece input)
        {
            if (input.Text.Length == 0 || Prefix.Length == 0) return input;
            return Prepend(input, Prefix);
        }

        internal static Piece Prepend(Piece input, string prefix)
        {
            int n = prefix.Length;
            var starts = new int[n + input.Text.Length];
            var ends = new int[starts.Length];
            for (int i = 0; i < n; i++)
            {
                starts[i] = input.Starts[0];
                ends[i] = input.Ends[0];
            }
            input.Starts.CopyTo(starts, n);
            input.Ends.CopyTo(ends, n);
            return new Piece(prefix + input.Text, starts, ends);
        }
    }

    /// <summary>Replaces every occurrence of a literal string; each replacement covers the span of what it replaced.</summary>
    public sealed class ReplaceNormalizer(string pattern, string content) : PieceNormalizer
    {
        public override Piece Apply(Piece input)
        {
            string text = input.Text;
            if (pattern.Length == 0 || !text.Contains(pattern, StringComparison.Ordinal)) return input;
            var b = new PieceBuilder();
            int i = 0;
            while (i < text.Length)
            {
                if (string.CompareOrdinal(text, i, pattern, 0, pattern.Length) == 0 && i + pattern.Length <= text.Length)
                {
                    int s = input.Starts[i], e = input.Ends[i + pattern.Length - 1];
                    foreach (char c in content) b.Append(c, s, e);
                    i += pattern.Length;
                }
                else
                {
                    b.Append(text[i], input.Starts[i], input.Ends[i]);
                    i++;
                }
            }
            return b.Build();
        }
    }

    /// <summary>Applies each normalizer in turn.</summary>
    public sealed class SequenceNormalizer(IReadOnlyList<PieceNormalizer> steps) : PieceNormalizer
    {
        public override Piece Apply(Piece input)
        {
            foreach (var s in steps) input = s.Apply(input);
            return input;
        }
    }
}
