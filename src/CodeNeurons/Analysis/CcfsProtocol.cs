namespace CodeNeurons.Analysis;

/// <summary>Which protocol a <see cref="CcfsOptions"/> preset follows (<see cref="CcfsProtocols.Options"/>); recorded in every report.</summary>
public enum CcfsProtocol
{
    /// <summary>CodeNeurons' own protocol: every choice on dev, ≥ comparisons, grids of the stage's input, one probe setting.</summary>
    Strict,

    /// <summary>
    /// The seed paper's token-tagging protocol as its scripts run it (Sharma et al. 2023 on Dalvi et al. 2020): z-scored
    /// inputs, SGD probes with a λ search on dev, grids of the whole network, strict &gt; comparisons, stride 1000.
    /// </summary>
    Paper,

    /// <summary>Dalvi et al.'s sentence-task settings (the seed's defect, clone and code-search tasks): Adam, 10 epochs, batch 128, λ1 = λ2 = 1e-4, raw inputs.</summary>
    PaperSentence,
}
