namespace CodeNeurons.Data;

/// <summary>The checks <see cref="ProbingData"/> and <see cref="ProbingRows"/> share: rows, neuron ids and classes of each split.</summary>
internal static class SplitChecks
{
    /// <summary>A dev or test split against the training split: rows, the same neuron ids and the same classes.</summary>
    internal static void Check(string split, string name, int rows, IReadOnlyList<int> trainIds, IReadOnlyList<int> ids, ClassLabels trainLabels, ClassLabels labels)
    {
        if (rows == 0) throw new ArgumentException($"The {split} split has no rows.", name);
        if (!trainIds.SequenceEqual(ids))
            throw new ArgumentException($"The {split} split has other neurons than the training split ({ids.Count} against {trainIds.Count}); the neuron ids must match.", name);
        if (!trainLabels.HasSameClasses(labels))
            throw new ArgumentException($"The {split} split has other classes ({string.Join(", ", labels.ClassNames)}) than the training split ({string.Join(", ", trainLabels.ClassNames)}).", name);
    }

    /// <summary>Every class has training rows.</summary>
    internal static void RequireTrainingClasses(ClassLabels train, string name)
    {
        var missing = train.MissingClasses();
        if (missing.Length > 0)
            throw new ArgumentException($"The training split has no row of class {string.Join(", ", missing.Select(c => train.ClassNames[c]))}; every class needs training rows.", name);
    }

    /// <summary>Every class has dev rows.</summary>
    internal static void RequireDevClasses(ClassLabels dev)
    {
        var missing = dev.MissingClasses();
        if (missing.Length > 0)
            throw new ArgumentException($"The dev split has no row of class {string.Join(", ", missing.Select(c => dev.ClassNames[c]))}; every class must be scored on dev.");
    }
}
