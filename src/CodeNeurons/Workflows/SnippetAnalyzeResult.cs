using CodeNeurons.Analysis;
using CodeNeurons.Data;
using CodeNeurons.Reporting;
using CodeNeurons.Tasks;

namespace CodeNeurons.Workflows;

/// <summary>What <see cref="SnippetAnalysisWorkflow.Run"/> found, and the data it found it in.</summary>
public sealed record SnippetAnalyzeResult
{
    /// <summary>The task's examples.</summary>
    public required SnippetTaskData Examples { get; init; }

    /// <summary>The model's representation of every example, train then dev then test (one row each; pairs combined per layer).</summary>
    public required ActivationSet Activations { get; init; }

    /// <summary>Each row's snippet concepts (the code side: defect the function, clone the first function, search the code).</summary>
    public required IReadOnlyList<IReadOnlyList<string>> RowConcepts { get; init; }

    /// <summary>The splits as activations and the task's labels (the pipeline's input).</summary>
    public required ProbingData Data { get; init; }

    /// <summary>The CCFS pipeline's report; its timings start with label, extraction and cka.</summary>
    public required CcfsReport Report { get; init; }

    /// <summary>Linear CKA between every pair of layers.</summary>
    public required CkaResult Cka { get; init; }

    /// <summary>Each probed snippet concept's probe.</summary>
    public required IReadOnlyList<SnippetConceptProbe> ConceptProbes { get; init; }

    /// <summary>The report document: the pipeline, the task's and the snippet concepts' neurons, their activation maps over snippets.</summary>
    public required ReportDocument Document { get; init; }

    /// <summary>Writes the HTML report, and optionally the CCFS report's JSON and each map as <c>neuron-ID.svg</c>, as <see cref="AnalyzeResult.Save"/>.</summary>
    /// <param name="outputs">Where to write (checked first).</param>
    /// <param name="cancellationToken">Cancels between files.</param>
    public void Save(AnalyzeOutputs outputs, CancellationToken cancellationToken = default) => AnalyzeResult.SaveOutputs(Report, Document, outputs, cancellationToken);
}
