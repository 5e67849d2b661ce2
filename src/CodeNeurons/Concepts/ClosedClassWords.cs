namespace CodeNeurons.Concepts;

/// <summary>
/// Word lists that split a closed class (e.g. Java modifiers) lexically: tokens of the class are used only when their
/// string is in one of the lists, and then only in that list's split. Tokens of the class in no list are dropped.
/// </summary>
/// <param name="Train">Words whose tokens form the train split of the class.</param>
/// <param name="Test">Words whose tokens form the test split of the class.</param>
/// <param name="Valid">Words whose tokens form the valid split; when <see langword="null"/> the valid tokens are drawn
/// from the <paramref name="Train"/> words (other tokens than the train ones, but the same word types).</param>
public sealed record ClosedClassWords(IReadOnlyList<string> Train, IReadOnlyList<string> Test, IReadOnlyList<string>? Valid = null);
