using CodeNeurons.Interpretation;

namespace CodeNeurons.Analysis;

/// <summary>
/// The pipeline settings of each <see cref="CcfsProtocol"/>: one preset fills the typed stage options, so a protocol is a
/// set of values, not a branch in the stages. Every value is checked against the scripts in docs/ccfs.md ("Protocols").
/// </summary>
public static class CcfsProtocols
{
    /// <summary>
    /// The seed paper's token-tagging probe: SGD, lr 1e-3, batch 128, at most 100 epochs, early stopping on dev accuracy
    /// with patience 2, rows in file order (NeuroX's batches are not shuffled); λs come from the search.
    /// </summary>
    public static ProbeOptions PaperTokenProbe { get; } = new()
    {
        Optimizer = ProbeOptimizer.Sgd, LearningRate = 1e-3, BatchSize = 128, Epochs = 100, Patience = 2, StopOn = EarlyStopping.DevAccuracy, Shuffle = false,
    };

    /// <summary>Dalvi et al.'s sentence-task probe (<c>example_config.json</c>): Adam, lr 1e-3, batch 128, 10 epochs, λ1 = λ2 = 1e-4, raw inputs, no early stopping.</summary>
    public static ProbeOptions PaperSentenceProbe { get; } = new()
    {
        Optimizer = ProbeOptimizer.Adam, LearningRate = 1e-3, BatchSize = 128, Epochs = 10, L1 = 1e-4, L2 = 1e-4, Shuffle = false,
    };

    /// <summary>The options of <paramref name="protocol"/> (stages: all; seed 0).</summary>
    /// <param name="protocol">The protocol.</param>
    /// <returns>A fresh options record; change any value with <c>with</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An unknown protocol.</exception>
    public static CcfsOptions Options(CcfsProtocol protocol) => protocol switch
    {
        CcfsProtocol.Strict => new CcfsOptions(),
        CcfsProtocol.Paper => Paper(PaperTokenProbe, MinimalNeuronSet.SeedTokenTaggingGrid) with
        {
            Protocol = CcfsProtocol.Paper,
            Standardize = true,
            ProbeSearch = new ProbeSearchOptions { Restarts = 1 },
            OptimisticOracle = true,
        },
        CcfsProtocol.PaperSentence => Paper(PaperSentenceProbe, MinimalNeuronSet.DalviFineGrid) with { Protocol = CcfsProtocol.PaperSentence },
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Unknown protocol."),
    };

    private static CcfsOptions Paper(ProbeOptions probe, IReadOnlyList<double> standAloneGrid) => new()
    {
        LayerSelection = new() { Deltas = [1, 2, 3], Comparison = ThresholdComparison.Above },
        Clustering = new() { Thresholds = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] },
        MinimalSet = new()
        {
            DeltaPercent = 1, Grid = standAloneGrid, CombinedGrid = MinimalNeuronSet.DalviCoarseGrid,
            Basis = GridBasis.Network, Comparison = ThresholdComparison.Above, SearchStride = 1000,
        },
        Combined = new() { Pairs = [new(3, 1), new(2, 1), new(1, 1)], Thresholds = [null, 0.3], Comparison = ThresholdComparison.Above },
        Probe = probe,
    };
}
