namespace CodeNeurons.Redundancy;

/// <summary>What one filter of a <see cref="RedundancyChain"/> kept.</summary>
/// <param name="Index">Position of the filter in the chain.</param>
/// <param name="Filter">The filter's type name.</param>
/// <param name="NeuronsIn">Neurons it received.</param>
/// <param name="NeuronsOut">Neurons it kept.</param>
public sealed record ChainStep(int Index, string Filter, int NeuronsIn, int NeuronsOut);
