using CodeNeurons.Analysis;
using CodeNeurons.Concepts;
using CodeNeurons.Lexing;

namespace CodeNeurons.Workflows;

/// <summary>Settings of <see cref="SnippetAnalysisWorkflow"/> (the defaults are <c>codeneurons analyze --task</c>'s).</summary>
public sealed record SnippetAnalyzeOptions
{
    /// <summary>The language of the code, for the snippet concepts (default Python, the generated data's; C is lexed as Java).</summary>
    public CodeLanguage Language { get; init; } = CodeLanguage.Python;

    /// <summary>The snippet concepts probed (names of <see cref="SnippetConcepts.All"/>), each as its own binary probe.</summary>
    public IReadOnlyList<string> Concepts { get; init; } = SnippetConcepts.All;

    /// <summary>A concept is probed only when train has at least this many rows with it and without it (≥ 2; default 10); the others are named in the report's notes.</summary>
    public int MinConceptRows { get; init; } = 10;

    /// <summary>Snippets (or pairs) drawn per activation map where the neuron fires most (≥ 1; default 2), plus one where it does not.</summary>
    public int MapSnippets { get; init; } = 2;

    /// <summary>Seed of the probes, the control task, the evidence's random neurons and CKA's minibatches.</summary>
    public int Seed { get; init; }

    /// <summary>CKA minibatches averaged (≥ 1); each holds min(256, rows) rows.</summary>
    public int CkaMinibatches { get; init; } = 10;

    /// <summary>The report's title.</summary>
    public string Title { get; init; } = "CodeNeurons snippet-level analysis";

    /// <summary>The model's name in the report's subtitle.</summary>
    public string ModelName { get; init; } = "all-MiniLM-L6-v2 (embedded)";

    /// <summary>
    /// Pipeline options; null for <see cref="SnippetAnalysisWorkflow.PaperPipeline"/> (the paper's settings for the
    /// snippet-level tasks). Their seed is replaced by <see cref="Seed"/>.
    /// </summary>
    public CcfsOptions? Pipeline { get; init; }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">An invalid setting, named.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Language)) throw new ArgumentException($"SnippetAnalyzeOptions.Language {Language} is not a language.", nameof(Language));
        if (Concepts is null) throw new ArgumentException("SnippetAnalyzeOptions.Concepts is null; give an empty list for none.", nameof(Concepts));
        foreach (var c in Concepts)
            if (!SnippetConcepts.All.Contains(c))
                throw new ArgumentException($"SnippetAnalyzeOptions.Concepts: unknown snippet concept '{c}'; known: {string.Join(", ", SnippetConcepts.All)}.", nameof(Concepts));
        if (Concepts.Distinct().Count() != Concepts.Count) throw new ArgumentException("SnippetAnalyzeOptions.Concepts has repeats.", nameof(Concepts));
        if (MinConceptRows < 2) throw new ArgumentException($"SnippetAnalyzeOptions.MinConceptRows is {MinConceptRows}; give at least 2.", nameof(MinConceptRows));
        if (MapSnippets < 1) throw new ArgumentException($"SnippetAnalyzeOptions.MapSnippets is {MapSnippets}; give at least 1.", nameof(MapSnippets));
        if (CkaMinibatches < 1) throw new ArgumentException($"SnippetAnalyzeOptions.CkaMinibatches is {CkaMinibatches}; give at least 1.", nameof(CkaMinibatches));
        if (Title is null) throw new ArgumentException("SnippetAnalyzeOptions.Title is null.", nameof(Title));
        if (ModelName is null) throw new ArgumentException("SnippetAnalyzeOptions.ModelName is null.", nameof(ModelName));
        Pipeline?.Validate();
    }
}
