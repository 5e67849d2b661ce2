namespace CodeNeurons.Data;

/// <summary>
/// Activations read by row on demand: any rows, in any order, into the caller's buffer, and column subsets as views that
/// copy nothing. The probe trainer reads one minibatch at a time through it, so a matrix larger than memory (a raw folder
/// of 131,072 neurons per row) trains a probe in the memory of one batch: see docs/probes.md "Streamed probes".
/// </summary>
/// <remarks>
/// Implementations: <see cref="ActivationRows.Of(ActivationSet)"/> (a view of an in-memory set) and
/// <c>RawActivationRows</c> in the Formats folder (positional reads of a raw folder's <c>X.f32</c>). Both give the same values,
/// so a probe trained through either is the same bit for bit.
/// </remarks>
public interface IActivationRows
{
    /// <summary>The layer structure of the model.</summary>
    LayerLayout Layout { get; }

    /// <summary>Global neuron id of each column, ascending; its count is the row width.</summary>
    IReadOnlyList<int> NeuronIds { get; }

    /// <summary>Number of rows T.</summary>
    int Rows { get; }

    /// <summary>Reads the given rows, in the given order, row-major <c>[rows.Length, NeuronIds.Count]</c>.</summary>
    /// <param name="rows">Row indices in [0, Rows); repeats allowed.</param>
    /// <param name="destination">At least rows.Length · NeuronIds.Count floats.</param>
    /// <exception cref="ArgumentOutOfRangeException">A row index outside [0, Rows).</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    /// <exception cref="InvalidDataException">The backing file is truncated or holds a non-finite value (the message names file, row and neuron).</exception>
    void ReadRows(ReadOnlySpan<int> rows, Span<float> destination);

    /// <summary>A view of the columns <paramref name="neuronIds"/> (nothing is copied; the result is ascending).</summary>
    /// <param name="neuronIds">Global neuron ids present in these rows, any order, no repeats.</param>
    /// <returns>The view; it reads from the same source.</returns>
    /// <exception cref="ArgumentException">An id is not a column here, is repeated, or the list is empty.</exception>
    IActivationRows SelectNeurons(IReadOnlyList<int> neuronIds);
}
