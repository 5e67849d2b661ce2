
namespace CodeNeurons.Formats;

/// <summary>A NeuroX parallel text file (<c>.in</c>/<c>.word</c> tokens or <c>.label</c> labels): whitespace-separated items per line.</summary>
public sealed class TextLines
{
    private readonly string[][] _lines;

    private TextLines(string path, string[][] lines)
    {
        FilePath = path;
        _lines = lines;
    }

    /// <summary>The file the lines came from (used in error messages).</summary>
    public string FilePath { get; }

    /// <summary>The items of each line (line i is 1-based line i + 1 of the file).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Lines => _lines;

    /// <summary>Number of lines.</summary>
    public int Count => _lines.Length;

    /// <summary>All items of all lines, in order.</summary>
    /// <returns>The flattened items.</returns>
    public string[] Flatten() => _lines.SelectMany(l => l).ToArray();

    /// <summary>
    /// Reads a text file as NeuroX does: one entry per line (<c>\n</c>, <c>\r\n</c> or <c>\r</c>), each line split on
    /// runs of whitespace with leading/trailing whitespace ignored (Python's <c>line.strip().split()</c>).
    /// An empty line is an entry with no items; a final line break does not start a new line.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>The lines.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static TextLines Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        InputPaths.RequireFile(path, "Text file");
        var lines = new List<string[]>();
        foreach (var (_, line) in TextLimits.ReadLines(path, splitOnCarriageReturn: true)) lines.Add(Split(line));   // strict UTF-8, bounded lines
        return new TextLines(path, lines.ToArray());
    }

    private static string[] Split(string line)
    {
        var items = new List<string>();
        int i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && IsSpace(line[i])) i++;
            int start = i;
            while (i < line.Length && !IsSpace(line[i])) i++;
            if (i > start) items.Add(line[start..i]);
        }
        return items.ToArray();
    }

    // Python's str.isspace set: Unicode whitespace plus the separators U+001C..U+001F.
    private static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';
}
