namespace CodeNeurons.Data;

/// <summary>
/// Rows of activations read chunk by chunk, so that corpora larger than memory can be processed
/// (e.g. a correlation accumulated over token chunks). Rows arrive in order, row-major.
/// </summary>
public interface IActivationStream : IDisposable
{
    /// <summary>The layer structure of the model.</summary>
    LayerLayout Layout { get; }

    /// <summary>Global neuron id of each column (ascending); its count is the row width.</summary>
    IReadOnlyList<int> NeuronIds { get; }

    /// <summary>Total rows when known in advance, else <see langword="null"/>.</summary>
    long? RowCount { get; }

    /// <summary>
    /// Reads up to <c>destination.Length / NeuronIds.Count</c> whole rows into <paramref name="destination"/>.
    /// </summary>
    /// <param name="destination">Buffer receiving row-major values.</param>
    /// <returns>The number of rows read; 0 at the end of the stream.</returns>
    /// <exception cref="InvalidDataException">The underlying file is truncated or holds non-finite values (the message names file and position).</exception>
    int Read(Span<float> destination);
}
