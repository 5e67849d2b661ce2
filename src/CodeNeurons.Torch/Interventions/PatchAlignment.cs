namespace CodeNeurons.Torch.Interventions;

/// <summary>How positions of a patch source line up with the patched input.</summary>
public enum PatchAlignment
{
    /// <summary>Position p takes source position p (both inputs must have the same number of subwords).</summary>
    Position,

    /// <summary>Code token t takes source code token t (both inputs must have the same number of code tokens; see <see cref="PatchSource.ByCodeToken"/>).</summary>
    CodeToken,
}
