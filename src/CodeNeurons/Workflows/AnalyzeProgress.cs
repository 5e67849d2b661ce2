
namespace CodeNeurons.Workflows;

/// <summary>Progress of <see cref="CodeAnalysisWorkflow.Run"/>: a stage starts (<see cref="Done"/> 0), advances, and completes with a one-line summary.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Done">Units done in the stage (lines extracted, probes trained).</param>
/// <param name="Total">Units in the stage, when known.</param>
/// <param name="Detail">What is happening, or, when <paramref name="Completed"/>, the stage's result in one line.</param>
/// <param name="Completed">Whether the stage has ended.</param>
public sealed record AnalyzeProgress(AnalyzeStage Stage, int Done, int? Total, string Detail, bool Completed = false)
{
    /// <summary>The stage's number, 1 to <see cref="Steps"/>.</summary>
    public int Step => (int)Stage;

    /// <summary>The number of stages (4).</summary>
    public const int Steps = 4;
}
