namespace CodeNeurons.Tasks;

/// <summary>Train, dev and test examples of one task.</summary>
/// <typeparam name="T"><see cref="SnippetExample"/> or <see cref="PairExample"/>.</typeparam>
/// <param name="Train">Training examples.</param>
/// <param name="Dev">Development examples (every choice is made on these).</param>
/// <param name="Test">Test examples.</param>
public sealed record TaskSplit<T>(IReadOnlyList<T> Train, IReadOnlyList<T> Dev, IReadOnlyList<T> Test);
