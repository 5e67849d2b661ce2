
namespace CodeNeurons.Tasks;

/// <summary>
/// Two texts with a binary label (clone detection: two functions; code search: query then function, the order CodeXGLUE's
/// search head concatenates them in).
/// </summary>
/// <param name="Idx">The pair's id: the search file's <c>idx</c>, or <c>idx1/idx2</c> for a clone pair.</param>
/// <param name="First">Clone detection: the first function (<c>idx1</c>); code search: the query (<c>doc</c>).</param>
/// <param name="Second">Clone detection: the second function (<c>idx2</c>); code search: the code (<c>code</c>).</param>
/// <param name="Label">1 = clone / match, 0 = not.</param>
public sealed record PairExample(string Idx, string First, string Second, int Label)
{
    /// <summary>Clone detection: <c>idx1</c> of the pair file; null for code search.</summary>
    public string? FirstIdx { get; init; }

    /// <summary>Clone detection: <c>idx2</c> of the pair file; null for code search.</summary>
    public string? SecondIdx { get; init; }
}
