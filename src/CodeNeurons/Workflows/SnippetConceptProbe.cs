namespace CodeNeurons.Workflows;

/// <summary>One snippet concept's binary probe in <see cref="SnippetAnalysisWorkflow"/>.</summary>
/// <param name="Concept">The concept (a name of <c>SnippetConcepts.All</c>).</param>
/// <param name="TrainRows">Train rows with the concept.</param>
/// <param name="TestRows">Test rows with the concept (dev rows when there is no test split).</param>
/// <param name="TestAccuracy">The probe's accuracy (concept / not) on test (dev without a test split).</param>
/// <param name="MajorityAccuracy">The accuracy of always predicting the split's more common answer.</param>
/// <param name="TopNeurons">The probe's neurons by weight mass, heaviest first (at most the pipeline's <c>Concepts.NeuronsPerClass</c>).</param>
/// <param name="TopWeightMass">Each top neuron's weight mass (sum of |weight| over the two outputs).</param>
public sealed record SnippetConceptProbe(string Concept, int TrainRows, int TestRows, double TestAccuracy, double MajorityAccuracy, IReadOnlyList<int> TopNeurons, IReadOnlyList<double> TopWeightMass);
