namespace CodeNeurons.Analysis;

/// <summary>What the fractions of a minimal-set grid are fractions of.</summary>
public enum GridBasis
{
    /// <summary>
    /// The search's own input neurons N: k = max(1, round(f·N)) (halves away from zero), so the search is as fine after
    /// LS and CC as before them (CodeNeurons' strict protocol).
    /// </summary>
    Input,

    /// <summary>
    /// The whole network, layers × width of the activations' layout: k = ⌊f · layers · width⌋ (Python's
    /// <c>int(p * num_layers * neurons_per_layer)</c>, evaluated in that order), and a point is skipped when k exceeds
    /// the input or is 0 — Dalvi et al.'s <c>run_pipeline_all.py</c> and the seed paper's scripts.
    /// </summary>
    Network,
}
