using CodeNeurons.Analysis;

namespace CodeNeurons.Workflows;

/// <summary>Settings of <see cref="CodeAnalysisWorkflow"/> (the defaults are <c>codeneurons analyze</c>'s).</summary>
public sealed record AnalyzeOptions
{
    /// <summary>The concepts analysed, among those the input has (Java's IDENT and Python's NAME are one class).</summary>
    public IReadOnlyList<string> Classes { get; init; } = ["IDENT", "KEYWORD", "NUMBER", "STRING"];

    /// <summary>Training tokens per class (≥ 8); dev and test get a quarter each (at least 2).</summary>
    public int PerClass { get; init; } = 150;

    /// <summary>Seed of the dataset, the probes, the control task and CKA's minibatches.</summary>
    public int Seed { get; init; }

    /// <summary>CKA minibatches averaged (≥ 1); each holds min(256, tokens) tokens.</summary>
    public int CkaMinibatches { get; init; } = 10;

    /// <summary>The report's title.</summary>
    public string Title { get; init; } = "CodeNeurons analysis";

    /// <summary>The model's name in the report's subtitle ("… over the built-in corpus").</summary>
    public string ModelName { get; init; } = "all-MiniLM-L6-v2 (embedded)";

    /// <summary>
    /// Pipeline options; null for <c>new CcfsOptions { Seed = Seed }</c> (the paper's setting). Their seed is replaced by
    /// <see cref="Seed"/>.
    /// </summary>
    public CcfsOptions? Pipeline { get; init; }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">An invalid setting, named.</exception>
    public void Validate()
    {
        if (Classes is null || Classes.Count < 2) throw new ArgumentException("AnalyzeOptions.Classes: give at least two classes.", nameof(Classes));
        if (Classes.Any(string.IsNullOrEmpty) || Classes.Distinct(StringComparer.Ordinal).Count() != Classes.Count)
            throw new ArgumentException("AnalyzeOptions.Classes: class names must be non-empty and distinct.", nameof(Classes));
        if (PerClass < 8) throw new ArgumentException($"--per-class {PerClass}: at least 8 training tokens per class are needed (AnalyzeOptions.PerClass).", nameof(PerClass));
        if (CkaMinibatches < 1) throw new ArgumentException($"AnalyzeOptions.CkaMinibatches is {CkaMinibatches}; give at least 1.", nameof(CkaMinibatches));
        if (Title is null) throw new ArgumentException("AnalyzeOptions.Title is null.", nameof(Title));
        if (ModelName is null) throw new ArgumentException("AnalyzeOptions.ModelName is null.", nameof(ModelName));
        Pipeline?.Validate();
    }
}
