namespace CodeNeurons.Data;

/// <summary>Row-readable activations (<see cref="IActivationRows"/>) and the class of each row: the streamed counterpart of <see cref="LabeledActivations"/>.</summary>
public sealed record LabeledRows
{
    /// <summary>Pairs rows with labels.</summary>
    /// <param name="rows">The activations [rows, neurons], read on demand.</param>
    /// <param name="labels">One label per row.</param>
    /// <exception cref="ArgumentException">The label count differs from the row count.</exception>
    public LabeledRows(IActivationRows rows, ClassLabels labels)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != rows.Rows)
            throw new ArgumentException($"{labels.Count} labels for {rows.Rows} activation rows.", nameof(labels));
        Rows = rows;
        Labels = labels;
    }

    /// <summary>The activations.</summary>
    public IActivationRows Rows { get; }

    /// <summary>The class of each row.</summary>
    public ClassLabels Labels { get; }

    /// <summary>Number of neurons (columns).</summary>
    public int Neurons => Rows.NeuronIds.Count;

    /// <summary>Global ids of the neurons, ascending.</summary>
    public IReadOnlyList<int> NeuronIds => Rows.NeuronIds;

    /// <summary>The same rows restricted to <paramref name="neuronIds"/> (a view; this instance when nothing changes).</summary>
    /// <param name="neuronIds">Global neuron ids present in the rows.</param>
    /// <returns>The restricted rows.</returns>
    public LabeledRows SelectNeurons(IReadOnlyList<int> neuronIds)
    {
        ArgumentNullException.ThrowIfNull(neuronIds);
        return NeuronIds.SequenceEqual(neuronIds) ? this : new LabeledRows(Rows.SelectNeurons(neuronIds), Labels);
    }

    /// <summary>An in-memory set as labelled rows (a view, nothing copied).</summary>
    /// <param name="split">The activations and labels.</param>
    /// <returns>The rows.</returns>
    public static LabeledRows Of(LabeledActivations split)
    {
        ArgumentNullException.ThrowIfNull(split);
        return new LabeledRows(ActivationRows.Of(split.Activations), split.Labels);
    }
}
