namespace CodeNeurons.Analysis;

/// <summary>How a candidate's dev score is compared with a δ threshold (LS, the minimal sets, the best combination).</summary>
public enum ThresholdComparison
{
    /// <summary>score ≥ threshold (CodeNeurons' strict protocol).</summary>
    AtLeast,

    /// <summary>score &gt; threshold, as Dalvi et al.'s and the seed paper's scripts compare.</summary>
    Above,
}
