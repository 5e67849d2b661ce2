using System.Globalization;
using CodeNeurons.Data;
using CodeNeurons.Formats;

namespace CodeNeurons.Cli;

/// <summary>The class of every row of an activation file, and the class order (used by <c>probe</c> and <c>ccfs</c>).</summary>
/// <param name="Names">The class name of each row.</param>
/// <param name="Classes">The classes in id order: a raw folder's <c>meta.json</c> order, else the names in ordinal order.</param>
internal sealed record RowLabels(string[] Names, IReadOnlyList<string> Classes)
{
    /// <summary>
    /// Reads the labels of <paramref name="acts"/>: a NeuroX <c>.label</c> file parallel to its sentences (checked, and
    /// against a <c>.in</c> file when given), or, without one, <c>y.i32</c> of a raw folder.
    /// </summary>
    /// <param name="activationsPath">Where the activations came from (named in errors; a raw folder supplies y.i32).</param>
    /// <param name="labelsPath">The .label file, or null.</param>
    /// <param name="tokensPath">An optional .in file checked against the labels and the activations' tokens.</param>
    /// <param name="acts">The loaded activations.</param>
    /// <param name="whenMissing">The error message when no labels can be found.</param>
    public static RowLabels Read(string activationsPath, string? labelsPath, string? tokensPath, ActivationSet acts, string whenMissing)
    {
        if (labelsPath is null)
        {
            if (!RawActivationFolder.IsRawFolder(activationsPath)) throw new ArgumentException(whenMissing);
            var raw = RawActivationFolder.ReadLabels(activationsPath);
            if (raw.Labels.Length != acts.Rows)
                throw new InvalidDataException($"{activationsPath}: y.i32 has {raw.Labels.Length} labels but X.f32 has {acts.Rows} rows.");
            var classes = raw.Classes.Count > 0 ? raw.Classes
                : Enumerable.Range(0, raw.Labels.Max() + 1).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();
            return new RowLabels(raw.Labels.Select(l => classes[l]).ToArray(), classes);
        }
        var labelLines = NeuroxText.ReadLabels(labelsPath);
        NeuroxText.CheckAgainst(acts, labelLines, activationsPath);
        if (tokensPath is not null)
        {
            var tokenLines = NeuroxText.ReadTokens(tokensPath);
            NeuroxText.CheckParallel(tokenLines, labelLines);
            NeuroxText.CheckAgainst(acts, tokenLines, activationsPath);
        }
        var names = labelLines.Flatten();
        return new RowLabels(names, names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());
    }

    /// <summary>The class id of each row, in <see cref="Classes"/> order.</summary>
    public int[] Ids() => Ids(Names, Classes, "the labels");

    /// <summary>Maps class names to ids in <paramref name="classes"/> order, naming <paramref name="source"/> for an unknown class.</summary>
    public static int[] Ids(IReadOnlyList<string> names, IReadOnlyList<string> classes, string source)
    {
        var index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        return names.Select(n => index.TryGetValue(n, out int i) ? i
            : throw new ArgumentException($"{source}: class '{n}' does not occur in the training labels ({string.Join(", ", classes)}).")).ToArray();
    }
}
