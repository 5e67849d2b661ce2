using CodeNeurons.Data;

namespace CodeNeurons.Formats;

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
