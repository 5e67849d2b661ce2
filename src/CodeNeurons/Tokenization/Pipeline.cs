using System.Globalization;
using System.Text;

namespace CodeNeurons.Tokenization;

/// <summary>Text with, per UTF-16 unit, the span [start, end) of the original string it came from.</summary>
internal sealed class Piece
{
    public Piece(string text, int[] starts, int[] ends)
    {
        Text = text;
        Starts = starts;
        Ends = ends;
    }

    public string Text { get; }
    public int[] Starts { get; }
    public int[] Ends { get; }

    /// <summary>Identity alignment of original[start, end); a surrogate pair maps to its two units.</summary>
    public static Piece FromOriginal(string original, int start, int end)
    {
        int n = end - start;
        var s = new int[n];
        var e = new int[n];
        for (int i = 0; i < n; i++)
        {
            int p = start + i;
            if (char.IsHighSurrogate(original[p]) && p + 1 < end && char.IsLowSurrogate(original[p + 1]))
            {
                s[i] = s[i + 1] = p;
                e[i] = e[i + 1] = p + 2;
                i++;
            }
            else
            {
                s[i] = p;
                e[i] = p + 1;
            }
        }
        return new Piece(original.Substring(start, n), s, e);
    }
}

/// <summary>A token produced by a model, with offsets into the original string.</summary>
internal readonly record struct Tok(int Id, string Token, int Start, int End);

/// <summary>Builds a <see cref="Piece"/> one code point at a time.</summary>
internal sealed class PieceBuilder
{
    private readonly StringBuilder _sb = new();
    private readonly List<int> _s = new();
    private readonly List<int> _e = new();

    public int Length => _sb.Length;

    public void Append(int codePoint, int start, int end)
    {
        if (codePoint >= 0x10000)
        {
            string str = char.ConvertFromUtf32(codePoint);
            _sb.Append(str);
            _s.Add(start); _e.Add(end);
            _s.Add(start); _e.Add(end);
        }
        else
        {
            _sb.Append((char)codePoint);
            _s.Add(start); _e.Add(end);
        }
    }

    public void Append(char c, int start, int end)
    {
        _sb.Append(c);
        _s.Add(start);
        _e.Add(end);
    }

    public Piece Build() => new(_sb.ToString(), _s.ToArray(), _e.ToArray());

    public void Clear()
    {
        _sb.Clear();
        _s.Clear();
        _e.Clear();
    }
}

/// <summary>Code-point iteration that never throws: a lone surrogate reads as U+FFFD with length 1.</summary>
internal static class CodePoints
{
    public const int Replacement = 0xFFFD;

    /// <summary>Code point at <paramref name="i"/> and its length in UTF-16 units; lone surrogates give -1 (callers decide).</summary>
    public static int At(string s, int i, out int length)
    {
        char c = s[i];
        if (char.IsHighSurrogate(c))
        {
            if (i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                length = 2;
                return char.ConvertToUtf32(c, s[i + 1]);
            }
            length = 1;
            return -1;
        }
        length = 1;
        return char.IsLowSurrogate(c) ? -1 : c;
    }

    public static UnicodeCategory Category(int cp)
        => cp < 0 ? UnicodeCategory.Surrogate : CharUnicodeInfo.GetUnicodeCategory(cp);

    public static bool IsWhiteSpace(int cp) => cp >= 0 && Rune.IsWhiteSpace(new Rune(cp));

    public static bool IsLetter(int cp) => Category(cp) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => true,
        _ => false,
    };

    public static bool IsNumber(int cp) => Category(cp) switch
    {
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        _ => false,
    };
}
