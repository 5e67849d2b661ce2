using System.Text.Json;

namespace CodeNeurons.Formats;

/// <summary>Checks that a JSON object given to <c>codeneurons report</c> is a result it can render.</summary>
public static class ReportInputCheck
{
    /// <summary>The top-level members of a serialised <c>ReportDocument</c> (camelCase).</summary>
    public static IReadOnlyList<string> ReportDocumentMembers { get; } =
        ["title", "createdUtc", "model", "headline", "network", "warnings", "glossary", "settings", "timings", "notes", "stages", "lineCharts", "barCharts", "heatMaps", "concepts", "activationMaps", "effects"];

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> when <paramref name="root"/> (not a CCFS report) has none of the members
    /// of a <c>ReportDocument</c>: any other JSON object would render as a page of "missing" sections.
    /// </summary>
    /// <param name="root">The parsed JSON.</param>
    /// <param name="path">The file, for the message.</param>
    /// <exception cref="InvalidDataException">Not an object, or no member of a report document.</exception>
    public static void RequireReportDocument(JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{path}: expected a JSON object.");
        var members = root.EnumerateObject().Select(p => p.Name).ToList();
        if (members.Any(m => ReportDocumentMembers.Contains(m, StringComparer.Ordinal))) return;
        string found = members.Count == 0 ? "no members" : "members " + string.Join(", ", members.Take(8).Select(m => $"'{m}'")) + (members.Count > 8 ? ", …" : "");
        throw new InvalidDataException(
            $"{path} is neither a CCFS report (no 'oracle' member; from `codeneurons ccfs` or `analyze --json`) nor a ReportDocument " +
            $"(none of {string.Join(", ", ReportDocumentMembers.Select(m => $"'{m}'"))}); it has {found}.");
    }
}
