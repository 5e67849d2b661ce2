namespace CodeNeurons.Data;

/// <summary>What a pair unit reads: unit <paramref name="Unit"/> of the first input (<paramref name="First"/>), of the second (<paramref name="Second"/>) or of both.</summary>
/// <param name="Unit">The unit within a layer of the single-input representation.</param>
/// <param name="First">Whether it reads the first input.</param>
/// <param name="Second">Whether it reads the second input.</param>
/// <param name="Part">How, in words ("first input", "second input", "first − second", "|first − second|", "first ⊙ second"; "joint input" when the pair is one input).</param>
public sealed record PairUnitSource(int Unit, bool First, bool Second, string Part);
