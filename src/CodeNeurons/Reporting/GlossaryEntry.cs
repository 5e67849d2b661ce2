namespace CodeNeurons.Reporting;

/// <summary>One term of the report's glossary.</summary>
/// <param name="Term">The term or abbreviation as written in the report (for example <c>LCA</c>).</param>
/// <param name="Definition">What it means, in a sentence or two.</param>
public sealed record GlossaryEntry(string Term, string Definition);
