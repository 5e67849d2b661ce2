using CodeNeurons.Data;
using CodeNeurons.Numerics;

namespace CodeNeurons.Interpretation;

/// <summary>
/// Hyper-parameter search on dev: trains one probe per (restart, λ1, λ2) and keeps the one with the best dev score, as
/// the seed paper's token-tagging script does (<c>param_tuning</c> over a 6 × 6 λ grid, repeated 15 times). It is itself
/// an <see cref="IConceptProbe"/>, so it replaces a single probe anywhere (<see cref="ConceptProbeExtensions"/>, the CCFS
/// pipeline, rankings); <see cref="Search"/> returns every candidate.
/// </summary>
/// <remarks>
/// Only dev decides. The seed paper picked the best of its 15 restarts on <b>test</b>; that optimistic choice is not
/// offered here (see <c>CcfsReport.OptimisticOracle</c> for the labelled comparison). Restart r trains every grid point
/// with the seed <c>Seeds.Mix(Probe.Seed, r)</c>: the same seed gives the same search on CPU.
/// </remarks>
public sealed class ProbeSearch : IConceptProbe
{
    private readonly Func<ProbeOptions, IConceptProbe> _factory;

    /// <summary>Creates the search.</summary>
    /// <param name="options">The grid, restarts, metric and probe (validated here); null for the paper's 6 × 6 grid, one restart, accuracy.</param>
    /// <param name="factory">Builds the probe of one grid point from its options; null for <see cref="ManagedElasticNetProbe"/> (pass a Torch probe's constructor to search on a GPU).</param>
    /// <exception cref="ArgumentException">An invalid option.</exception>
    public ProbeSearch(ProbeSearchOptions? options = null, Func<ProbeOptions, IConceptProbe>? factory = null)
    {
        Options = options ?? new ProbeSearchOptions();
        Options.Validate();
        _factory = factory ?? (o => new ManagedElasticNetProbe(o));
    }

    /// <summary>The settings.</summary>
    public ProbeSearchOptions Options { get; }

    /// <summary>Trains every candidate and scores it on dev.</summary>
    /// <param name="train">Training rows and labels.</param>
    /// <param name="dev">Dev rows and labels (required: they choose the winner and drive early stopping).</param>
    /// <param name="cancellationToken">Cancels between and inside trainings.</param>
    /// <returns>Every candidate and the dev winner.</returns>
    /// <exception cref="ArgumentException">F1 with more than two classes; the probe's own checks (rows, classes).</exception>
    public ProbeSearchResult Search(LabeledActivations train, LabeledActivations dev, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(dev);
        Metrics.CheckMetric(Options.Metric, train.Labels.ClassCount);
        var candidates = new List<ProbeSearchCandidate>(Options.Restarts * Options.L1.Count * Options.L2.Count);
        int best = -1;
        for (int r = 0; r < Options.Restarts; r++)
        {
            int seed = Seeds.Mix(Options.Probe.Seed, r);
            foreach (double l1 in Options.L1)
            {
                foreach (double l2 in Options.L2)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var result = _factory(Options.Probe with { L1 = l1, L2 = l2, Seed = seed }).Fit(train, dev, null, cancellationToken);
                    double score = Metrics.Score(Options.Metric, result.Probe.Predict(dev.Activations), dev.Labels.Ids);
                    candidates.Add(new ProbeSearchCandidate(l1, l2, r, seed, score, result));
                    if (best < 0 || score > candidates[best].DevScore) best = candidates.Count - 1;
                }
            }
        }
        return new ProbeSearchResult(candidates, best);
    }

    /// <summary>A single probe with the λs and seed of <paramref name="candidate"/> (e.g. to reuse a winner's λs without searching again).</summary>
    /// <param name="candidate">A candidate of this search.</param>
    /// <returns>The probe trainer.</returns>
    public IConceptProbe ProbeFor(ProbeSearchCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return _factory(Options.Probe with { L1 = candidate.L1, L2 = candidate.L2, Seed = candidate.Seed });
    }

    /// <summary>Runs <see cref="Search"/> and returns the dev winner's result.</summary>
    /// <param name="train">Training rows and labels.</param>
    /// <param name="dev">Dev rows and labels; required.</param>
    /// <param name="progress">Not reported per epoch (many probes); may be null.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns>The winner's probe and history.</returns>
    /// <exception cref="ArgumentException">No dev split: a search on dev needs one.</exception>
    public ProbeResult Fit(LabeledActivations train, LabeledActivations? dev = null, IProgress<ProbeProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (dev is null) throw new ArgumentException("ProbeSearch chooses λ1, λ2 and the restart on dev; pass a dev split.", nameof(dev));
        return Search(train, dev, cancellationToken).Best.Result;
    }

    /// <summary>Not supported: the search scores candidates by a classification metric.</summary>
    /// <param name="train">Unused.</param>
    /// <param name="targets">Unused.</param>
    /// <param name="dev">Unused.</param>
    /// <param name="devTargets">Unused.</param>
    /// <param name="progress">Unused.</param>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="NotSupportedException">Always.</exception>
    public ProbeResult FitRegression(ActivationSet train, IReadOnlyList<double> targets, ActivationSet? dev = null, IReadOnlyList<double>? devTargets = null,
        IProgress<ProbeProgress>? progress = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("ProbeSearch searches classification probes by a classification metric; search a regression probe's λs yourself.");
}
