namespace CodeNeurons.Data;

/// <summary>Activations and the class of each of their rows, checked to have as many labels as rows.</summary>
public sealed record LabeledActivations
{
    /// <summary>Pairs activations with labels.</summary>
    /// <param name="activations">The activations [rows, neurons].</param>
    /// <param name="labels">One label per row.</param>
    /// <exception cref="ArgumentException">The label count differs from the row count.</exception>
    public LabeledActivations(ActivationSet activations, ClassLabels labels)
    {
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != activations.Rows)
            throw new ArgumentException($"{labels.Count} labels for {activations.Rows} activation rows.", nameof(labels));
        Activations = activations;
        Labels = labels;
    }

    /// <summary>The activations.</summary>
    public ActivationSet Activations { get; }

    /// <summary>The class of each row.</summary>
    public ClassLabels Labels { get; }

    /// <summary>
    /// The tokens around each row in its sentence (for input baselines such as the context-only probe), or null when the
    /// split carries no context. Must have one window per row.
    /// </summary>
    /// <exception cref="ArgumentException">The windows are not one per row.</exception>
    public TokenNeighbours? Neighbours
    {
        get => _neighbours;
        init
        {
            if (value is not null && value.Rows != Activations.Rows)
                throw new ArgumentException($"The neighbours have {value.Rows} rows but the activations have {Activations.Rows}.", nameof(value));
            _neighbours = value;
        }
    }

    private readonly TokenNeighbours? _neighbours;

    /// <summary>Number of rows.</summary>
    public int Rows => Activations.Rows;

    /// <summary>Number of neurons (columns).</summary>
    public int Neurons => Activations.Neurons;

    /// <summary>Global ids of the neurons, ascending.</summary>
    public IReadOnlyList<int> NeuronIds => Activations.NeuronIds;

    /// <summary>Deconstructs into activations and labels.</summary>
    /// <param name="activations">The activations.</param>
    /// <param name="labels">The labels.</param>
    public void Deconstruct(out ActivationSet activations, out ClassLabels labels)
    {
        activations = Activations;
        labels = Labels;
    }

    /// <summary>The same rows (and <see cref="Neighbours"/>) restricted to <paramref name="neuronIds"/> (returns this set when they are already its neurons).</summary>
    /// <param name="neuronIds">Global neuron ids present in the set.</param>
    /// <returns>The restricted set.</returns>
    public LabeledActivations SelectNeurons(IReadOnlyList<int> neuronIds)
    {
        ArgumentNullException.ThrowIfNull(neuronIds);
        return NeuronIds.SequenceEqual(neuronIds) ? this : new LabeledActivations(Activations.SelectNeurons(neuronIds), Labels) { Neighbours = Neighbours };
    }
}
