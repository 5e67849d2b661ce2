using System.Globalization;
using CodeNeurons.Analysis;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Reporting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeNeurons.Workflows;

/// <summary>Where <see cref="AnalyzeResult.Save"/> writes; every folder must exist.</summary>
public sealed record AnalyzeOutputs
{
    /// <summary>The HTML report; null for none.</summary>
    public string? HtmlPath { get; init; }

    /// <summary>The CCFS report as JSON (<c>codeneurons report</c> renders it again); null for none.</summary>
    public string? JsonPath { get; init; }

    /// <summary>An existing folder for one standalone SVG per concept neuron; null for none.</summary>
    public string? SvgFolder { get; init; }

    /// <summary>Checks that the folders exist (call before long work).</summary>
    /// <exception cref="DirectoryNotFoundException">A missing folder, named.</exception>
    public void Validate()
    {
        if (SvgFolder is not null && !Directory.Exists(SvgFolder)) throw new DirectoryNotFoundException($"The SVG folder '{SvgFolder}' does not exist (--svg-folder).");
        foreach (var path in new[] { HtmlPath, JsonPath }.OfType<string>())
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
            if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"The output folder '{dir}' does not exist ({path}).");
        }
    }
}
