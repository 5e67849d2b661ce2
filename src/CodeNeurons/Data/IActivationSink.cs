
namespace CodeNeurons.Data;

/// <summary>
/// Receives activations snippet by snippet, so that a corpus larger than memory can be extracted straight to a
/// file (NeuroX HDF5 or JSON, or a raw folder) or collected in memory (<see cref="InMemoryActivationSink"/>). Call order: <see cref="Begin"/>, any number of <see cref="Write"/>, <see cref="Complete"/>;
/// disposing without <see cref="Complete"/> discards what was written (no half-written file).
/// </summary>
public interface IActivationSink : IDisposable
{
    /// <summary>Starts the output.</summary>
    /// <param name="layout">Layer structure of every row (L × D).</param>
    void Begin(LayerLayout layout);

    /// <summary>Writes one snippet's rows.</summary>
    /// <param name="tokens">The token string of each row.</param>
    /// <param name="values">Row-major values [tokens.Count, L·D], neurons layer-major.</param>
    void Write(IReadOnlyList<string> tokens, ReadOnlySpan<float> values);

    /// <summary>Finishes the output (for files: renames the temporary file into place).</summary>
    void Complete();
}
