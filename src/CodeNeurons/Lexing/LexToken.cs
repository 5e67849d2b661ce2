namespace CodeNeurons.Lexing;

/// <summary>
/// One token of source code with its concept label and position. Lines are 1-based; columns are 0-based and counted in
/// Unicode code points (as Python's <c>tokenize</c> reports them); the end is exclusive.
/// </summary>
/// <param name="Text">The token's text as it appears in the source (for NeuroX files, the text written to <c>.in</c>).</param>
/// <param name="Label">The concept label (e.g. <c>IDENT</c>, <c>NUMBER</c>, <c>STRING</c>, <c>KEYWORD</c>).</param>
/// <param name="Line">Start line (1-based).</param>
/// <param name="Column">Start column (0-based, code points).</param>
/// <param name="EndLine">End line (1-based).</param>
/// <param name="EndColumn">End column (0-based, code points, exclusive).</param>
public readonly record struct LexToken(string Text, string Label, int Line, int Column, int EndLine, int EndColumn);
