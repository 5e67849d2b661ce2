namespace CodeNeurons.Redundancy;

/// <summary>
/// Filters applied one after another, each to what the previous kept — e.g. LS → CC → LCA:
/// <c>new RedundancyChain(layerSelector.AsFilter(), new CorrelationClustering(...), minimalSet.AsFilter()).Filter(probingData)</c>.
/// The chain is itself an <see cref="IRedundancyFilter"/>; its reduction is measured against the first input, its
/// <see cref="RedundancyResult.Steps"/> list each filter's counts and its <see cref="RedundancyResult.Details"/> are the
/// list of every filter's result.
/// </summary>
public sealed class RedundancyChain : IRedundancyFilter
{
    private readonly IRedundancyFilter[] _filters;

    /// <summary>Creates the chain.</summary>
    /// <param name="filters">The filters, in order (at least one).</param>
    /// <exception cref="ArgumentException">No filter, or a null one.</exception>
    public RedundancyChain(params IRedundancyFilter[] filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters.Length == 0) throw new ArgumentException("A chain needs at least one filter.", nameof(filters));
        for (int i = 0; i < filters.Length; i++)
            if (filters[i] is null) throw new ArgumentException($"Filter {i} is null.", nameof(filters));
        _filters = (IRedundancyFilter[])filters.Clone();
    }

    /// <summary>The filters, in order.</summary>
    public IReadOnlyList<IRedundancyFilter> Filters => _filters;

    /// <inheritdoc/>
    public RedundancyResult Filter(RedundancyInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var steps = new List<ChainStep>(_filters.Length);
        var details = new List<RedundancyResult>(_filters.Length);
        var current = input;
        for (int i = 0; i < _filters.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = _filters[i].Filter(current, cancellationToken);
            steps.Add(new ChainStep(i, _filters[i].GetType().Name, current.Neurons, result.Kept.Neurons));
            details.Add(result);
            current = result.Kept;
        }
        return new RedundancyResult(current, input.Neurons, details, steps);
    }
}
