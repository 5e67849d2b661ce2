using System.Globalization;
using System.Text;

namespace CodeNeurons.Formats;

/// <summary>
/// Limits of the line readers of text inputs (<c>.in</c>, <c>.label</c>, extraction corpora): a line longer than
/// <see cref="MaxLineBytes"/> is an error naming the file, the line and the limit, instead of a memory blow-up (a
/// single 5 MB line cost 600 MB; <c>/dev/zero</c> grew until OutOfMemoryException).
/// </summary>
public static class TextLimits
{
    /// <summary>The environment variable that sets <see cref="MaxLineBytes"/> when the process starts (a positive integer).</summary>
    public const string MaxLineBytesVariable = "CODENEURONS_MAX_LINE_BYTES";

    /// <summary>The default of <see cref="MaxLineBytes"/>: 1 MiB.</summary>
    public const int DefaultMaxLineBytes = 1 << 20;

    private static int s_maxLineBytes = FromEnvironment();

    /// <summary>The longest line, in UTF-8 bytes without the line break, that the text readers accept (default 1 MiB,
    /// or the value of <c>CODENEURONS_MAX_LINE_BYTES</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public static int MaxLineBytes
    {
        get => s_maxLineBytes;
        set => s_maxLineBytes = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxLineBytes must be positive.");
    }

    private static int FromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable(MaxLineBytesVariable), NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0
            ? v : DefaultMaxLineBytes;

    /// <summary>
    /// The lines of a UTF-8 file (a leading byte-order mark skipped), read in a bounded buffer: split on <c>\n</c> with a
    /// trailing <c>\r</c> removed, and also on a lone <c>\r</c> when <paramref name="splitOnCarriageReturn"/>. A final line
    /// break does not start a new line. Invalid UTF-8 and over-long lines are <see cref="InvalidDataException"/>s naming
    /// the file and the line (1-based).
    /// </summary>
    internal static IEnumerable<(int Line, string Text)> ReadLines(string path, bool splitOnCarriageReturn)
    {
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        int limit = MaxLineBytes;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var line = new MemoryStream();
        var buffer = new byte[1 << 16];
        int lineNo = 0;
        bool first = true;
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            int start = 0;
            if (first)
            {
                first = false;
                if (n >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF) start = 3;
            }
            while (start < n)
            {
                int nl = Array.IndexOf(buffer, (byte)'\n', start, n - start);
                int end = nl < 0 ? n : nl;
                if (line.Length + (end - start) > limit) throw TooLong(path, lineNo + 1, limit);
                line.Write(buffer, start, end - start);
                if (nl < 0) break;
                foreach (var item in Emit(line, ++lineNo)) yield return item;
                start = nl + 1;
            }
        }
        if (line.Length > 0)
            foreach (var item in Emit(line, ++lineNo)) yield return item;

        IEnumerable<(int, string)> Emit(MemoryStream raw, int number)
        {
            var span = raw.GetBuffer().AsSpan(0, (int)raw.Length);
            if (!span.IsEmpty && span[^1] == (byte)'\r') span = span[..^1];
            string text;
            try
            {
                text = strict.GetString(span);
            }
            catch (DecoderFallbackException ex)
            {
                throw new InvalidDataException($"{path}: line {number} is not valid UTF-8 (byte {ex.Index} of the line).", ex);
            }
            raw.SetLength(0);
            if (splitOnCarriageReturn && text.Contains('\r')) return text.Split('\r').Select(t => (number, t));
            return [(number, text)];
        }
    }

    private static InvalidDataException TooLong(string path, int line, int limit) => new(
        $"{path}: line {line} is longer than {limit.ToString(CultureInfo.InvariantCulture)} bytes, the limit for one line of a text input " +
        $"(raise it with the environment variable {MaxLineBytesVariable} or TextLimits.MaxLineBytes).");
}
