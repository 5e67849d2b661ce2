using System.Text.Encodings.Web;
using System.Text.Json;
using CodeNeurons.Formats;
using CodeNeurons.Lexing;

namespace CodeNeurons.Concepts;

/// <summary>What <see cref="CodeLabelFiles.Write"/> wrote.</summary>
/// <param name="Lines">Lines written to <c>.in</c> and <c>.label</c>.</param>
/// <param name="Tokens">Tokens written to them.</param>
/// <param name="LabelCounts">Code tokens per label, most frequent first (Python's layout tokens left out).</param>
/// <param name="Diagnostics">The lexer's warnings.</param>
public sealed record CodeLabelFilesResult(int Lines, int Tokens, IReadOnlyList<KeyValuePair<string, int>> LabelCounts, IReadOnlyList<LexDiagnostic> Diagnostics);
