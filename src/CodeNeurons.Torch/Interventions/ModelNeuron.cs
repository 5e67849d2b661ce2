using System.Globalization;

namespace CodeNeurons.Torch.Interventions;

/// <summary>One neuron of a model: a unit (coordinate) of one hidden state.</summary>
/// <param name="Layer">Hidden-state index: 0 = the embedding output, i = the output of block i.</param>
/// <param name="Unit">Coordinate in [0, hidden size).</param>
public readonly record struct ModelNeuron(int Layer, int Unit)
{
    /// <summary>The neuron as <c>layer:unit</c> (e.g. <c>7:717</c>).</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Layer}:{Unit}");

    /// <summary>Parses <c>layer:unit</c>.</summary>
    /// <param name="text">The text, e.g. <c>7:717</c>.</param>
    /// <returns>The neuron.</returns>
    /// <exception cref="FormatException">The text is not two non-negative integers separated by a colon.</exception>
    public static ModelNeuron Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split(':');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int layer)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int unit))
            return new ModelNeuron(layer, unit);
        throw new FormatException($"'{text.Trim()}' is not a neuron; write layer:unit with non-negative integers, e.g. 7:717 (layer 0 = embeddings).");
    }

    /// <summary>Parses a comma-separated list such as <c>0:47,7:717</c>.</summary>
    /// <param name="text">The list.</param>
    /// <returns>The neurons in the order given.</returns>
    /// <exception cref="FormatException">An entry is not <c>layer:unit</c>, the list is empty, or a neuron repeats.</exception>
    public static IReadOnlyList<ModelNeuron> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToArray();
        if (result.Length == 0) throw new FormatException("The neuron list is empty; write e.g. 0:47,7:717.");
        var repeated = result.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new FormatException($"Neuron {repeated.Key} appears more than once in '{text}'.");
        return result;
    }
}
