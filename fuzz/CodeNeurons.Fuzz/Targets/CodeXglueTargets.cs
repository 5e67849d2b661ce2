// Fuzz targets for the CodeXGLUE dataset readers: PLACEHOLDER.
// The CodeXGLUE readers are being written in another branch. When they land, add one FuzzTarget per reader below
// (input bytes → the reader's file → the reader; Expected = the exceptions its XML docs list), seed them from
// tests/Fixtures/<their folder>, and list them in docs/reliability.md. The harness (Program.cs) and the smoke test in
// the matching test project pick them up through AllTargets.
namespace CodeNeurons.Fuzz;

/// <summary>The fuzz targets of the CodeXGLUE readers (none yet).</summary>
public static class CodeXglueTargets
{
    /// <summary>All CodeXGLUE targets.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } = [];
}
