using CodeNeurons.Data;

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

/// <summary>Reads NeuroX parallel text files and checks them against each other and against activations.</summary>
public static class NeuroxText
{
    /// <summary>Reads a token file (<c>.in</c>/<c>.word</c>).</summary>
    /// <param name="path">The file.</param>
    /// <returns>Tokens per line.</returns>
    public static TextLines ReadTokens(string path) => TextLines.Read(path);

    /// <summary>Reads a label file (<c>.label</c>).</summary>
    /// <param name="path">The file.</param>
    /// <returns>Labels per line.</returns>
    public static TextLines ReadLabels(string path) => TextLines.Read(path);

    /// <summary>Checks that a token file and a label file have the same number of lines and of items on every line.</summary>
    /// <param name="tokens">Tokens per line.</param>
    /// <param name="labels">Labels per line.</param>
    /// <exception cref="InvalidDataException">The line counts differ, or a line's token and label counts differ (the message names both files, the 1-based line and both counts).</exception>
    public static void CheckParallel(TextLines tokens, TextLines labels)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(labels);
        if (tokens.Count != labels.Count)
            throw new InvalidDataException($"{labels.FilePath} has {labels.Count} lines but {tokens.FilePath} has {tokens.Count}.");
        for (int i = 0; i < tokens.Count; i++)
        {
            if (tokens.Lines[i].Count != labels.Lines[i].Count)
                throw new InvalidDataException($"{labels.FilePath} line {i + 1}: {labels.Lines[i].Count} labels but {tokens.FilePath} line {i + 1} has {tokens.Lines[i].Count} tokens.");
        }
    }

    /// <summary>
    /// Checks that line i of a text file (tokens or labels) has as many items as sentence i of the activations has
    /// rows, sentences being runs of rows sharing a <see cref="ActivationSet.SentenceIndices"/> value, matched by
    /// position as NeuroX's loader does.
    /// </summary>
    /// <param name="set">Activations with sentence indices.</param>
    /// <param name="lines">Tokens or labels per line.</param>
    /// <param name="activationsName">A name for the activations in messages (e.g. their file path).</param>
    /// <exception cref="ArgumentException">The set has no sentence indices.</exception>
    /// <exception cref="InvalidDataException">The number of lines differs from the number of sentences, or a line's item count differs from its sentence's rows (the message names the file, the 1-based line and both counts).</exception>
    public static void CheckAgainst(ActivationSet set, TextLines lines, string activationsName = "the activations")
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(lines);
        if (set.SentenceIndices is null)
            throw new ArgumentException("The activation set has no sentence indices, so its rows cannot be matched to lines.", nameof(set));
        var runs = IoUtil.SentenceRuns(set);
        if (runs.Count != lines.Count)
            throw new InvalidDataException($"{lines.FilePath} has {lines.Count} lines but {activationsName} have {runs.Count} sentences.");
        for (int i = 0; i < runs.Count; i++)
        {
            if (runs[i].Count != lines.Lines[i].Count)
                throw new InvalidDataException(
                    $"{lines.FilePath} line {i + 1}: {lines.Lines[i].Count} items but sentence {runs[i].Index} of {activationsName} has {runs[i].Count} rows (tokens).");
        }
    }
}
