namespace CodeNeurons.Data;

/// <summary>
/// The splits of a probing task read row by row from their sources (<see cref="IActivationRows"/>, e.g. raw folders on
/// disk): the streamed counterpart of <see cref="ProbingData"/>, with the same checks. <c>StreamedCcfs</c> (Analysis)
/// runs on it without holding a rows × neurons matrix.
/// </summary>
public sealed record ProbingRows
{
    /// <summary>Creates the splits after checking them.</summary>
    /// <param name="train">Training rows; every class must occur.</param>
    /// <param name="dev">Dev rows with the same neurons and classes.</param>
    /// <param name="test">Optional test rows with the same neurons and classes.</param>
    /// <exception cref="ArgumentException">An empty split, other neuron ids, layouts or classes in dev or test, or a class without training rows.</exception>
    public ProbingRows(LabeledRows train, LabeledRows dev, LabeledRows? test = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(dev);
        if (train.Rows.Rows == 0) throw new ArgumentException("The training split has no rows.", nameof(train));
        SplitChecks.Check("dev", nameof(dev), dev.Rows.Rows, train.NeuronIds, dev.NeuronIds, train.Labels, dev.Labels);
        CheckLayout(train, dev, "dev", nameof(dev));
        if (test is not null)
        {
            SplitChecks.Check("test", nameof(test), test.Rows.Rows, train.NeuronIds, test.NeuronIds, train.Labels, test.Labels);
            CheckLayout(train, test, "test", nameof(test));
        }
        SplitChecks.RequireTrainingClasses(train.Labels, nameof(train));
        Train = train;
        Dev = dev;
        Test = test;
    }

    /// <summary>Training rows.</summary>
    public LabeledRows Train { get; }

    /// <summary>Dev rows: every choice is made on them.</summary>
    public LabeledRows Dev { get; }

    /// <summary>Test rows, scored only; null when there is no test split.</summary>
    public LabeledRows? Test { get; }

    /// <summary>Class names in id order.</summary>
    public IReadOnlyList<string> ClassNames => Train.Labels.ClassNames;

    /// <summary>Global ids of the neurons, ascending.</summary>
    public IReadOnlyList<int> NeuronIds => Train.NeuronIds;

    /// <summary>Number of neurons.</summary>
    public int Neurons => Train.Neurons;

    /// <summary>The layer layout of the model the activations came from.</summary>
    public LayerLayout Layout => Train.Rows.Layout;

    /// <summary>Every split restricted to <paramref name="neuronIds"/> (views; this instance when nothing changes).</summary>
    /// <param name="neuronIds">Global neuron ids present in the data.</param>
    /// <returns>The restricted splits.</returns>
    public ProbingRows SelectNeurons(IReadOnlyList<int> neuronIds)
    {
        ArgumentNullException.ThrowIfNull(neuronIds);
        if (NeuronIds.SequenceEqual(neuronIds)) return this;
        return new ProbingRows(Train.SelectNeurons(neuronIds), Dev.SelectNeurons(neuronIds), Test?.SelectNeurons(neuronIds));
    }

    /// <summary>In-memory splits as rows (views, nothing copied).</summary>
    /// <param name="data">The splits.</param>
    /// <returns>The same splits, read row by row.</returns>
    public static ProbingRows Of(ProbingData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new ProbingRows(LabeledRows.Of(data.Train), LabeledRows.Of(data.Dev), data.Test is null ? null : LabeledRows.Of(data.Test));
    }

    /// <summary>Checks that every class occurs in dev.</summary>
    /// <exception cref="ArgumentException">A class without dev rows.</exception>
    public void RequireEveryClassInDev() => SplitChecks.RequireDevClasses(Dev.Labels);

    private static void CheckLayout(LabeledRows train, LabeledRows other, string split, string name)
    {
        if (train.Rows.Layout != other.Rows.Layout)
            throw new ArgumentException($"The {split} split has layout {other.Rows.Layout.Layers}×{other.Rows.Layout.NeuronsPerLayer} but the training split {train.Rows.Layout.Layers}×{train.Rows.Layout.NeuronsPerLayer}.", name);
    }
}
