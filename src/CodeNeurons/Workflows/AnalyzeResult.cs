using System.Globalization;
using CodeNeurons.Analysis;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Reporting;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeNeurons.Workflows;

/// <summary>What <see cref="CodeAnalysisWorkflow.Run"/> found, and the data it found it in.</summary>
public sealed record AnalyzeResult
{
    /// <summary>Every labelled code token of the corpus (one sentence per source line with code).</summary>
    public required LabeledTokens Tokens { get; init; }

    /// <summary>The balanced, lexically disjoint dataset drawn from <see cref="Tokens"/>.</summary>
    public required ProbingDataset Dataset { get; init; }

    /// <summary>The model's activations of every token of <see cref="Tokens"/>, row i = token i (all layers).</summary>
    public required ActivationSet Activations { get; init; }

    /// <summary>The dataset's splits as activations and labels (the pipeline's input).</summary>
    public required ProbingData Data { get; init; }

    /// <summary>The CCFS pipeline's report; its timings start with label, extraction and cka.</summary>
    public required CcfsReport Report { get; init; }

    /// <summary>Linear CKA between every pair of layers.</summary>
    public required CkaResult Cka { get; init; }

    /// <summary>The report document (<see cref="HtmlReport"/> renders it): the pipeline, the CKA heat map, each concept's top-neuron activation map.</summary>
    public required ReportDocument Document { get; init; }

    /// <summary>Seconds per stage (label, extraction, cka, then the pipeline's stages), as in <see cref="CcfsReport.TimingsSeconds"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> TimingsSeconds => Report.TimingsSeconds;

    /// <summary>
    /// Writes the outputs: the self-contained HTML report, and optionally the CCFS report's JSON and each concept neuron's
    /// activation map as <c>neuron-ID.svg</c> (each file through a temporary file and renamed).
    /// </summary>
    /// <param name="outputs">Where to write (checked first).</param>
    /// <param name="cancellationToken">Cancels between files.</param>
    public void Save(AnalyzeOutputs outputs, CancellationToken cancellationToken = default) => SaveOutputs(Report, Document, outputs, cancellationToken);

    internal static void SaveOutputs(CcfsReport report, ReportDocument document, AnalyzeOutputs outputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        outputs.Validate();
        if (outputs.JsonPath is not null) report.Save(outputs.JsonPath);
        if (outputs.SvgFolder is { } folder)
            foreach (var map in document.ActivationMaps ?? [])
                ActivationMapSvg.Save(map, Path.Combine(folder, $"neuron-{map.NeuronId}.svg"), null, cancellationToken);
        if (outputs.HtmlPath is not null) HtmlReport.Save(document, outputs.HtmlPath, null, cancellationToken);
    }
}
