using CodeNeurons.Data;

namespace CodeNeurons.Concepts;

/// <summary>What <see cref="ProbingExtraction.Extract"/> produced: the splits' activations and what the model was run over.</summary>
/// <param name="Data">Train, dev (the dataset's valid split) and test (null when the dataset has no test rows), with labels and tokens.</param>
/// <param name="SentencesExtracted">Sentences the model was run over (only those holding a selected token).</param>
/// <param name="TokensExtracted">Code tokens in those sentences.</param>
public sealed record ProbingExtractionResult(ProbingData Data, int SentencesExtracted, long TokensExtracted);
