using CodeNeurons.Lexing;

namespace CodeNeurons.Tasks;

/// <summary>A mutant of a function.</summary>
/// <param name="Code">The mutated source.</param>
/// <param name="Kind">The mutation.</param>
/// <param name="Line">1-based line of the edit in the function.</param>
/// <param name="Before">The edited tokens before (space-separated).</param>
/// <param name="After">The edited tokens after (space-separated; empty for a deletion).</param>
public sealed record Mutation(string Code, MutationKind Kind, int Line, string Before, string After);
