using System.Runtime.InteropServices;
using System.Text.Json;
using CodeNeurons.Data;
using Microsoft.Win32.SafeHandles;

namespace CodeNeurons.Formats;

/// <summary>Class labels of a raw folder: one label in [0, C) per row and the C class names.</summary>
/// <param name="Labels">Label of each row (<c>y.i32</c>).</param>
/// <param name="Classes">Class names, index = label (<c>meta.json</c> "classes").</param>
public sealed record RawLabels(int[] Labels, IReadOnlyList<string> Classes)
{
    /// <summary>
    /// The labels of a NeuroX <c>.label</c> file for the rows a model's extraction of <paramref name="corpus"/> writes
    /// (<c>codeneurons extract --labels</c>): one label per code token, or with <paramref name="onePerSnippet"/> (sentence
    /// pooling) one per line. Line i of the file must hold as many labels as snippet i has code tokens (or exactly one).
    /// Class ids are the names in ordinal order; readers of several splits match classes by name
    /// (<see cref="ActivationLabels.Read"/> with a class order, <c>codeneurons ccfs</c>'s <c>data.rows</c>).
    /// </summary>
    /// <param name="labels">The label file (<see cref="NeuroxText.ReadLabels"/>).</param>
    /// <param name="corpus">The snippets extracted, in order.</param>
    /// <param name="onePerSnippet">One row per snippet (sentence pooling) instead of one per code token.</param>
    /// <returns>The labels, one per row in extraction order.</returns>
    /// <exception cref="InvalidDataException">The line count differs from the snippet count, or a line's label count from its snippet's code tokens (named with the file and the 1-based line).</exception>
    public static RawLabels ForCorpus(TextLines labels, IReadOnlyList<CodeSnippet> corpus, bool onePerSnippet)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(corpus);
        if (labels.Count != corpus.Count)
            throw new InvalidDataException($"{labels.FilePath} has {labels.Count} lines but the input has {corpus.Count} snippets; give one label line per input line.");
        for (int i = 0; i < corpus.Count; i++)
        {
            int expected = onePerSnippet ? 1 : corpus[i].ResolveTokens().Count;
            if (labels.Lines[i].Count != expected)
                throw new InvalidDataException(onePerSnippet
                    ? $"{labels.FilePath} line {i + 1}: {labels.Lines[i].Count} labels, but with sentence pooling each line needs exactly one (one row per snippet)."
                    : $"{labels.FilePath} line {i + 1}: {labels.Lines[i].Count} labels but snippet {i + 1} of the input has {expected} code tokens.");
        }
        var names = labels.Flatten();
        var classes = names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        return new RawLabels(names.Select(n => index[n]).ToArray(), classes);
    }

    /// <summary>Checks that every label is in [0, <c>Classes.Count</c>).</summary>
    /// <exception cref="ArgumentException">A label is out of range (the message names its row).</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Labels);
        ArgumentNullException.ThrowIfNull(Classes);
        for (int r = 0; r < Labels.Length; r++)
        {
            if ((uint)Labels[r] >= (uint)Classes.Count)
                throw new ArgumentException($"Label at row {r} is {Labels[r]}, outside [0, {Classes.Count}) for {Classes.Count} classes.", nameof(Labels));
        }
    }
}
