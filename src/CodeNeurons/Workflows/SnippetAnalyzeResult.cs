using CodeNeurons.Analysis;
using CodeNeurons.Data;
using CodeNeurons.Formats;
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

    /// <summary>
    /// Writes the splits as raw activation folders with their labels (<c>train</c>, <c>dev</c> and, when there is one,
    /// <c>test</c> under <paramref name="folder"/>; <see cref="RawActivationFolder.Write"/>), so that <c>codeneurons ccfs</c>
    /// can rerun the pipeline with other settings without the model (the config's <c>data</c> section).
    /// </summary>
    /// <param name="folder">An existing folder.</param>
    /// <returns>The folders written.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public IReadOnlyList<string> SaveSplits(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The splits folder '{folder}' does not exist.");
        var written = new List<string>();
        foreach (var (name, split) in new[] { ("train", Data.Train), ("dev", Data.Dev), ("test", Data.Test) })
        {
            if (split is null) continue;
            var path = Path.Combine(folder, name);
            RawActivationFolder.Write(split.Activations, path, new RawLabels([.. split.Labels.Ids], split.Labels.ClassNames));
            written.Add(path);
        }
        return written;
    }
}
