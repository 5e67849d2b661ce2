using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Lexing;

namespace CodeNeurons.Concepts;

/// <summary>
/// An immutable list of labelled token rows, the input of the dataset builders: for each row its token string, its
/// concept label, the sentence (line) it came from, its row index into the matching <see cref="ActivationSet"/>, and
/// the index of that activation set (<see cref="SourceIndices"/>, 0 unless built with <see cref="Concat"/>).
/// </summary>
public sealed class LabeledTokens
{
    private readonly string[] _tokens;
    private readonly string[] _labels;
    private readonly int[] _sentences;
    private readonly int[] _rows;
    private readonly int[] _sources;

    private LabeledTokens(string[] tokens, string[] labels, int[] sentences, int[] rows, int[] sources)
    {
        _tokens = tokens;
        _labels = labels;
        _sentences = sentences;
        _rows = rows;
        _sources = sources;
    }

    /// <summary>Number of rows.</summary>
    public int Count => _tokens.Length;

    /// <summary>The token string of each row.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>The label of each row.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>The sentence (line) index of each row.</summary>
    public IReadOnlyList<int> SentenceIndices => _sentences;

    /// <summary>The row index of each row in its activation set.</summary>
    public IReadOnlyList<int> RowIndices => _rows;

    /// <summary>The index of the activation set each row belongs to (see <see cref="Concat"/>).</summary>
    public IReadOnlyList<int> SourceIndices => _sources;

    /// <summary>
    /// Creates rows from parallel token and label lists; row i has row index i and, unless given, sentence index 0.
    /// </summary>
    /// <param name="tokens">Token strings.</param>
    /// <param name="labels">One label per token.</param>
    /// <param name="sentenceIndices">Optional sentence index per token.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="ArgumentException">The lengths differ, or a token or label is null or empty.</exception>
    public static LabeledTokens Create(IReadOnlyList<string> tokens, IReadOnlyList<string> labels, IReadOnlyList<int>? sentenceIndices = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(labels);
        if (tokens.Count != labels.Count)
            throw new ArgumentException($"There are {tokens.Count} tokens but {labels.Count} labels.", nameof(labels));
        if (sentenceIndices is not null && sentenceIndices.Count != tokens.Count)
            throw new ArgumentException($"There are {tokens.Count} tokens but {sentenceIndices.Count} sentence indices.", nameof(sentenceIndices));
        var tok = tokens.ToArray();
        var lab = labels.ToArray();
        for (int i = 0; i < tok.Length; i++)
        {
            if (string.IsNullOrEmpty(tok[i])) throw new ArgumentException($"Token {i} is null or empty.", nameof(tokens));
            if (string.IsNullOrEmpty(lab[i])) throw new ArgumentException($"The label of token {i} ('{tok[i]}') is null or empty.", nameof(labels));
        }
        var sent = sentenceIndices?.ToArray() ?? new int[tok.Length];
        return new LabeledTokens(tok, lab, sent, Enumerable.Range(0, tok.Length).ToArray(), new int[tok.Length]);
    }

    /// <summary>Rows for an activation set: its tokens and sentence indices with one label per row.</summary>
    /// <param name="set">Activations with <see cref="ActivationSet.Tokens"/>.</param>
    /// <param name="labels">One label per row of <paramref name="set"/>.</param>
    /// <returns>The rows (row i is row i of the set).</returns>
    /// <exception cref="ArgumentException">The set has no tokens, or the label count differs from its rows.</exception>
    public static LabeledTokens FromActivations(ActivationSet set, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(labels);
        if (set.Tokens is null) throw new ArgumentException("The activation set has no tokens.", nameof(set));
        if (labels.Count != set.Rows)
            throw new ArgumentException($"The activation set has {set.Rows} rows but there are {labels.Count} labels.", nameof(labels));
        return Create(set.Tokens, labels, set.SentenceIndices);
    }

    /// <summary>Rows from NeuroX parallel text files: line i is sentence i; rows are numbered across lines in order.</summary>
    /// <param name="tokens">Tokens per line (<c>.in</c>).</param>
    /// <param name="labels">Labels per line (<c>.label</c>).</param>
    /// <returns>The rows.</returns>
    /// <exception cref="InvalidDataException">The files are not parallel.</exception>
    public static LabeledTokens FromLines(TextLines tokens, TextLines labels)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(labels);
        NeuroxText.CheckParallel(tokens, labels);
        var sent = new List<int>();
        for (int i = 0; i < tokens.Count; i++)
            for (int j = 0; j < tokens.Lines[i].Count; j++) sent.Add(i);
        return Create(tokens.Flatten(), labels.Flatten(), sent);
    }

    /// <summary>Reads rows from a NeuroX <c>.in</c> file and its <c>.label</c> file.</summary>
    /// <param name="tokensPath">The token file.</param>
    /// <param name="labelsPath">The label file.</param>
    /// <param name="separator">How lines are split: on any whitespace (NeuroX, default) or on spaces only (for
    /// space-separated files whose tokens may contain tabs, such as string literals in the paper's Java data).</param>
    /// <returns>The rows.</returns>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">The files are not parallel (the message names the line).</exception>
    public static LabeledTokens FromFiles(string tokensPath, string labelsPath, TokenSeparator separator = TokenSeparator.Whitespace)
    {
        ArgumentNullException.ThrowIfNull(tokensPath);
        ArgumentNullException.ThrowIfNull(labelsPath);
        if (separator == TokenSeparator.Whitespace)
            return FromLines(NeuroxText.ReadTokens(tokensPath), NeuroxText.ReadLabels(labelsPath));
        var tokLines = ReadSpaceSeparated(tokensPath);
        var labLines = ReadSpaceSeparated(labelsPath);
        if (tokLines.Count != labLines.Count)
            throw new InvalidDataException($"{labelsPath} has {labLines.Count} lines but {tokensPath} has {tokLines.Count}.");
        var tok = new List<string>(); var lab = new List<string>(); var sent = new List<int>();
        for (int i = 0; i < tokLines.Count; i++)
        {
            if (tokLines[i].Length != labLines[i].Length)
                throw new InvalidDataException($"{labelsPath} line {i + 1}: {labLines[i].Length} labels but {tokensPath} line {i + 1} has {tokLines[i].Length} tokens.");
            tok.AddRange(tokLines[i]); lab.AddRange(labLines[i]); sent.AddRange(Enumerable.Repeat(i, tokLines[i].Length));
        }
        return Create(tok, lab, sent);
    }

    private static List<string[]> ReadSpaceSeparated(string path)
    {
        Formats.InputPaths.RequireFile(path, "Text file");
        var lines = new List<string[]>();
        foreach (var (_, line) in Formats.TextLimits.ReadLines(path, splitOnCarriageReturn: true))   // strict UTF-8, bounded lines
            lines.Add(line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return lines;
    }

    /// <summary>Rows from lexed sentences: sentence i's tokens, in order, with their labels.</summary>
    /// <param name="sentences">The tokens of each sentence (e.g. <see cref="LexResult.Tokens"/> per line).</param>
    /// <returns>The rows.</returns>
    public static LabeledTokens FromSentences(IEnumerable<IReadOnlyList<LexToken>> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var tok = new List<string>();
        var lab = new List<string>();
        var sent = new List<int>();
        int s = 0;
        foreach (var sentence in sentences)
        {
            foreach (var t in sentence) { tok.Add(t.Text); lab.Add(t.Label); sent.Add(s); }
            s++;
        }
        return Create(tok, lab, sent);
    }

    /// <summary>
    /// Concatenates several row lists (e.g. the train and valid files of a corpus, each with its own activations):
    /// rows of <c>parts[k]</c> get source index k and keep their row and sentence indices.
    /// </summary>
    /// <param name="parts">The lists; their own source indices are replaced.</param>
    /// <returns>The concatenation.</returns>
    public static LabeledTokens Concat(params LabeledTokens[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0) throw new ArgumentException("Give at least one list to concatenate.", nameof(parts));
        var tok = new List<string>(); var lab = new List<string>(); var sent = new List<int>(); var rows = new List<int>(); var src = new List<int>();
        for (int k = 0; k < parts.Length; k++)
        {
            ArgumentNullException.ThrowIfNull(parts[k], nameof(parts));
            tok.AddRange(parts[k]._tokens); lab.AddRange(parts[k]._labels); sent.AddRange(parts[k]._sentences); rows.AddRange(parts[k]._rows);
            src.AddRange(Enumerable.Repeat(k, parts[k].Count));
        }
        return new LabeledTokens(tok.ToArray(), lab.ToArray(), sent.ToArray(), rows.ToArray(), src.ToArray());
    }

    /// <summary>The number of rows of each label, in order of first appearance.</summary>
    /// <returns>Label → count.</returns>
    public IReadOnlyDictionary<string, int> LabelCounts()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var l in _labels) counts[l] = counts.GetValueOrDefault(l) + 1;
        return counts;
    }
}
