
namespace CodeNeurons.Data;

/// <summary>An <see cref="IActivationSink"/> that collects everything into an <see cref="ActivationSet"/> (tokens and sentence indices kept).</summary>
public sealed class InMemoryActivationSink : IActivationSink
{
    private readonly List<float[]> _blocks = [];
    private readonly List<string> _tokens = [];
    private readonly List<int> _sentences = [];
    private LayerLayout? _layout;
    private int _sentence;

    /// <summary>The collected activations, available after <see cref="Complete"/>.</summary>
    public ActivationSet? Result { get; private set; }

    /// <inheritdoc />
    public void Begin(LayerLayout layout) => _layout = layout ?? throw new ArgumentNullException(nameof(layout));

    /// <inheritdoc />
    public void Write(IReadOnlyList<string> tokens, ReadOnlySpan<float> values)
    {
        var layout = _layout ?? throw new InvalidOperationException("Begin must be called before Write.");
        ArgumentNullException.ThrowIfNull(tokens);
        if (values.Length != (long)tokens.Count * layout.Neurons)
            throw new ArgumentException($"values has {values.Length} entries but {tokens.Count} tokens × {layout.Neurons} neurons need {(long)tokens.Count * layout.Neurons}.", nameof(values));
        _blocks.Add(values.ToArray());
        _tokens.AddRange(tokens);
        for (int i = 0; i < tokens.Count; i++) _sentences.Add(_sentence);
        _sentence++;
    }

    /// <inheritdoc />
    public void Complete()
    {
        var layout = _layout ?? throw new InvalidOperationException("Begin must be called before Complete.");
        var values = new float[_blocks.Sum(b => (long)b.Length)];
        long at = 0;
        foreach (var b in _blocks) { b.CopyTo(values, at); at += b.Length; }
        Result = ActivationSet.Create(values, _tokens.Count, layout, _tokens, _sentences);
        _blocks.Clear();
    }

    /// <inheritdoc />
    public void Dispose() => _blocks.Clear();
}
