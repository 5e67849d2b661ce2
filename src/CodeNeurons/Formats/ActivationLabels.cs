using System.Globalization;
using CodeNeurons.Data;

namespace CodeNeurons.Formats;

/// <summary>Reads the class of every row of an activation file: a NeuroX <c>.label</c> file, or a raw folder's <c>y.i32</c>.</summary>
public static class ActivationLabels
{
    /// <summary>
    /// Reads the labels of <paramref name="activations"/>: a NeuroX <c>.label</c> file parallel to its sentences (checked,
    /// and against a <c>.in</c> file when given), or, without one, <c>y.i32</c> of a raw folder.
    /// </summary>
    /// <param name="activationsPath">Where the activations came from (named in errors; a raw folder supplies y.i32).</param>
    /// <param name="labelsPath">The .label file, or null for a raw folder's y.i32.</param>
    /// <param name="tokensPath">An optional .in file checked against the labels and the activations' tokens.</param>
    /// <param name="activations">The loaded activations.</param>
    /// <param name="classOrder">
    /// The classes in id order (e.g. the training split's, for dev and test); null for a raw folder's <c>meta.json</c>
    /// order, else the names in ordinal order.
    /// </param>
    /// <param name="whenMissing">The error message when there is no labels file and no raw folder; null for a generic one.</param>
    /// <returns>One label per row.</returns>
    /// <exception cref="ArgumentException">No labels file and not a raw folder, or a class not in <paramref name="classOrder"/> (named with the file).</exception>
    /// <exception cref="InvalidDataException">The labels do not match the activations' rows or sentences.</exception>
    public static ClassLabels Read(string activationsPath, string? labelsPath, string? tokensPath, ActivationSet activations, IReadOnlyList<string>? classOrder = null,
        string? whenMissing = null)
    {
        ArgumentNullException.ThrowIfNull(activationsPath);
        ArgumentNullException.ThrowIfNull(activations);
        string[] names;
        IReadOnlyList<string> fileClasses;
        if (labelsPath is null)
        {
            if (!RawActivationFolder.IsRawFolder(activationsPath))
                throw new ArgumentException(whenMissing ?? $"{activationsPath}: give a NeuroX .label file; only a raw activation folder carries its own labels (y.i32).");
            var raw = RawActivationFolder.ReadLabels(activationsPath);
            if (raw.Labels.Length != activations.Rows)
                throw new InvalidDataException($"{activationsPath}: y.i32 has {raw.Labels.Length} labels but X.f32 has {activations.Rows} rows.");
            fileClasses = raw.Classes.Count > 0 ? raw.Classes
                : Enumerable.Range(0, raw.Labels.Length == 0 ? 0 : raw.Labels.Max() + 1).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();
            names = raw.Labels.Select(l => fileClasses[l]).ToArray();
        }
        else
        {
            var labelLines = NeuroxText.ReadLabels(labelsPath);
            NeuroxText.CheckAgainst(activations, labelLines, activationsPath);
            if (tokensPath is not null)
            {
                var tokenLines = NeuroxText.ReadTokens(tokensPath);
                NeuroxText.CheckParallel(tokenLines, labelLines);
                NeuroxText.CheckAgainst(activations, tokenLines, activationsPath);
            }
            names = labelLines.Flatten();
            fileClasses = names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        }
        if (classOrder is null) return ClassLabels.FromNames(names, fileClasses, labelsPath ?? activationsPath);
        var index = classOrder.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var ids = names.Select(n => index.TryGetValue(n, out int i) ? i
            : throw new ArgumentException($"{labelsPath ?? activationsPath}: class '{n}' does not occur in the training labels ({string.Join(", ", classOrder)}).")).ToArray();
        return ClassLabels.FromIds(ids, classOrder);
    }
}
