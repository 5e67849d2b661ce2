namespace CodeNeurons.Interpretation;

/// <summary>Every probe a <see cref="ProbeSearch"/> trained, in training order, and the one chosen on dev.</summary>
/// <param name="Candidates">Restart-major, then λ1, then λ2.</param>
/// <param name="BestIndex">Index of the dev winner in <paramref name="Candidates"/>.</param>
public sealed record ProbeSearchResult(IReadOnlyList<ProbeSearchCandidate> Candidates, int BestIndex)
{
    /// <summary>The candidate with the highest dev score (the first one on ties).</summary>
    public ProbeSearchCandidate Best => Candidates[BestIndex];
}
