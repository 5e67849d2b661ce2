
namespace CodeNeurons.Interpretation;

/// <summary>Neurons selected per class from a probe's weights, and their union.</summary>
public sealed class TopNeurons
{
    /// <summary>Creates the result.</summary>
    /// <param name="perClass">The selection of every class, in class-index order.</param>
    public TopNeurons(IReadOnlyList<ClassTopNeurons> perClass)
    {
        ArgumentNullException.ThrowIfNull(perClass);
        PerClass = perClass.ToArray();
        Union = PerClass.SelectMany(c => c.NeuronIds).Distinct().Order().ToArray();
    }

    /// <summary>The selection of every class, in class-index order.</summary>
    public IReadOnlyList<ClassTopNeurons> PerClass { get; }

    /// <summary>The union over classes (NeuroX's first return value), ascending by id.</summary>
    public IReadOnlyList<int> Union { get; }

    /// <summary>The selection of the class named <paramref name="className"/>.</summary>
    /// <param name="className">A class name.</param>
    /// <returns>Its selection.</returns>
    /// <exception cref="KeyNotFoundException">No class has that name.</exception>
    public ClassTopNeurons this[string className] =>
        PerClass.FirstOrDefault(c => c.ClassName == className)
        ?? throw new KeyNotFoundException($"No class named '{className}' (classes: {string.Join(", ", PerClass.Select(c => c.ClassName))}).");
}
