namespace CodeNeurons.Reporting;

/// <summary>One named setting of the analysis (for example <c>threshold = 0.3</c>), shown in the report's settings table.</summary>
/// <param name="Key">The setting's name.</param>
/// <param name="Value">The setting's value, as text.</param>
public sealed record ReportSetting(string Key, string Value);
