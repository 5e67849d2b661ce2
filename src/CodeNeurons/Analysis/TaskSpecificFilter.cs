using CodeNeurons.Data;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Analysis;

/// <summary>
/// A task-specific stage as a stateless <see cref="IRedundancyFilter"/>: reads the input's labelled splits, runs the
/// stage, keeps the neurons it chose (every split follows) and returns the stage's result as the details.
/// </summary>
/// <param name="name">The stage's name, for the error when the input has no labels.</param>
/// <param name="run">Runs the stage: its result and the neurons it keeps.</param>
internal sealed class TaskSpecificFilter(string name, Func<ProbingData, CancellationToken, (object Result, IReadOnlyList<int> Kept)> run) : IRedundancyFilter
{
    public RedundancyResult Filter(RedundancyInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (result, kept) = run(input.RequireTask(name), cancellationToken);
        return new RedundancyResult(input.SelectNeurons(kept), input.Neurons, result);
    }
}
