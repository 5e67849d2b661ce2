using System.Text.Json;
using CodeNeurons.Formats;

namespace CodeNeurons.Analysis;

/// <summary>One row of the pipeline's table: a neuron set, its size and the accuracy of a probe retrained on it.</summary>
/// <param name="Stage">The stage (a <see cref="CcfsStageNames"/> name).</param>
/// <param name="Name">The row's label, e.g. <c>"LS δ_L=1%"</c>, <c>"CC t=0.3"</c>, <c>"LS+CC+LCA (3,1) t=0.3"</c>.</param>
/// <param name="Neurons">Neurons kept.</param>
/// <param name="TotalNeurons">Neurons of the pipeline's input (N).</param>
/// <param name="DevScore">Dev accuracy of a probe trained on the kept neurons.</param>
/// <param name="TestScore">Test accuracy of the same probe (null without a test set); never used for a choice.</param>
/// <param name="KeptNeurons">Global ids of the kept neurons, ascending (empty for the none baseline).</param>
/// <param name="Detail">What the row's parameters were, e.g. the chosen layer or the cluster count.</param>
/// <param name="Steps">For a combined row, the neurons left after each stage of the chain (LS, CC, LCA); null for single-stage rows.</param>
public sealed record CcfsRow(string Stage, string Name, int Neurons, int TotalNeurons, double DevScore, double? TestScore, IReadOnlyList<int> KeptNeurons, string? Detail = null,
    IReadOnlyList<CcfsStepCount>? Steps = null)
{
    /// <summary>Fraction of neurons removed, 1 − kept / N.</summary>
    public double Reduction => TotalNeurons == 0 ? 0 : 1.0 - (double)Neurons / TotalNeurons;
}

/// <summary>Neurons left after one stage of a combined row's chain.</summary>
/// <param name="Stage">"LS", "CC" or "LCA".</param>
/// <param name="Neurons">Neurons kept after the stage.</param>
/// <param name="TotalNeurons">Neurons of the pipeline's input (N).</param>
public sealed record CcfsStepCount(string Stage, int Neurons, int TotalNeurons)
{
    /// <summary>Fraction of the input's neurons removed so far, 1 − kept / N.</summary>
    public double Reduction => TotalNeurons == 0 ? 0 : 1.0 - (double)Neurons / TotalNeurons;
}

/// <summary>The minimal-set search of one row: the grid points evaluated (for accuracy-vs-neurons plots).</summary>
/// <param name="Name">The row it belongs to.</param>
/// <param name="BaseDevScore">Dev accuracy of the probe on all of the stage's input neurons.</param>
/// <param name="Threshold">The dev accuracy the chosen k had to reach.</param>
/// <param name="Found">Whether some grid point reached it.</param>
/// <param name="Points">Every grid point (dev score null where not evaluated).</param>
public sealed record CcfsGridSearch(string Name, double BaseDevScore, double Threshold, bool Found, IReadOnlyList<GridPoint> Points);

/// <summary>Selectivity of a neuron set: task accuracy minus the accuracy of the same probe on a control task (test split).</summary>
/// <param name="Name">The neuron set (the oracle or the best combination).</param>
/// <param name="Neurons">Neurons used.</param>
/// <param name="TaskAccuracy">Accuracy on the real labels.</param>
/// <param name="ControlAccuracy">Accuracy on the control task's labels.</param>
public sealed record CcfsSelectivity(string Name, int Neurons, double TaskAccuracy, double ControlAccuracy)
{
    /// <summary>TaskAccuracy − ControlAccuracy.</summary>
    public double Selectivity => TaskAccuracy - ControlAccuracy;
}

/// <summary>Per-class accuracy of a row's probe on the test split (dev when there is no test split).</summary>
/// <param name="Name">The row (the oracle or the best combination).</param>
/// <param name="Split">"test" or "dev".</param>
/// <param name="Accuracy">Accuracy per class, in class-id order (NaN for a class with no row).</param>
public sealed record CcfsPerClassAccuracy(string Name, string Split, IReadOnlyList<double> Accuracy);

/// <summary>A neuron that carries a class in the oracle probe, with the tokens that activate it most.</summary>
/// <param name="NeuronId">Global neuron id.</param>
/// <param name="Weight">The oracle probe's weight of this neuron for the class.</param>
/// <param name="TopTokens">The training tokens with the highest mean activation z-score (empty without tokens).</param>
public sealed record CcfsNeuron(int NeuronId, double Weight, IReadOnlyList<string> TopTokens);

/// <summary>The neurons with the largest positive oracle weights for one class.</summary>
/// <param name="ClassName">The class.</param>
/// <param name="Neurons">Neurons, largest weight first.</param>
public sealed record CcfsConceptNeurons(string ClassName, IReadOnlyList<CcfsNeuron> Neurons);

/// <summary>Everything <see cref="CcfsPipeline.Run"/> measured; serialisable to JSON (<see cref="ToJson"/>, <see cref="Save"/>).</summary>
public sealed record CcfsReport
{
    /// <summary>The settings the pipeline ran with.</summary>
    public required CcfsOptions Options { get; init; }

    /// <summary>Neurons of the pipeline's input (after <see cref="CcfsOptions.Layers"/>).</summary>
    public required int InputNeurons { get; init; }

    /// <summary>Neurons per layer of the activations' layout (global id = layer · this + unit); 0 when unknown.</summary>
    public int NeuronsPerLayer { get; init; }

    /// <summary>Layers of the input, ascending.</summary>
    public required IReadOnlyList<int> Layers { get; init; }

    /// <summary>Class names, in class-id order (ids as text when none were given).</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>Rows of the train, dev and test splits (test 0 when absent).</summary>
    public required IReadOnlyList<int> SplitRows { get; init; }

    /// <summary>The oracle: a probe on all input neurons.</summary>
    public required CcfsRow Oracle { get; init; }

    /// <summary>The majority-class baseline (null when not run).</summary>
    public CcfsRow? None { get; init; }

    /// <summary>Per-layer independent and incremental probe scores (empty when not run).</summary>
    public IReadOnlyList<LayerScore> LayerScores { get; init; } = [];

    /// <summary>One row per δ_L: layers 0..ℓ kept by LayerSelector.</summary>
    public IReadOnlyList<CcfsRow> LayerSelection { get; init; } = [];

    /// <summary>The CC curve: one row per clustering threshold (representatives of all input neurons).</summary>
    public IReadOnlyList<CcfsRow> Clustering { get; init; } = [];

    /// <summary>The LCA minimal set (weight-mass ranking) on all input neurons, or null.</summary>
    public CcfsRow? Lca { get; init; }

    /// <summary>The probeless minimal set on all input neurons, or null.</summary>
    public CcfsRow? Probeless { get; init; }

    /// <summary>One row per (δ_L, δ_N, threshold) combination of LS + CC + LCA.</summary>
    public IReadOnlyList<CcfsRow> Combined { get; init; } = [];

    /// <summary>The best combination, chosen on dev by <see cref="CombinedStageOptions.SelectionDeltaPercent"/> (null when not run).</summary>
    public CcfsRow? Best { get; init; }

    /// <summary>The grid searches behind the minimal-set rows.</summary>
    public IReadOnlyList<CcfsGridSearch> GridSearches { get; init; } = [];

    /// <summary>Selectivity of the oracle and of the best combination (empty when not run).</summary>
    public IReadOnlyList<CcfsSelectivity> Selectivity { get; init; } = [];

    /// <summary>Per-class accuracy of the oracle and of the best combination.</summary>
    public IReadOnlyList<CcfsPerClassAccuracy> PerClass { get; init; } = [];

    /// <summary>Per class, the neurons with the largest positive oracle weights and their top tokens (<see cref="ConceptStageOptions.NeuronsPerClass"/> each).</summary>
    public IReadOnlyList<CcfsConceptNeurons> Concepts { get; init; } = [];

    /// <summary>Wall time of each stage in seconds, in the order they ran.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> TimingsSeconds { get; init; } = [];

    /// <summary>What was skipped and why, and other remarks.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Every row, in table order: oracle, none, LS, CC, LCA, probeless, combinations.</summary>
    /// <returns>The rows.</returns>
    public IEnumerable<CcfsRow> Rows()
    {
        yield return Oracle;
        if (None is not null) yield return None;
        foreach (var r in LayerSelection) yield return r;
        foreach (var r in Clustering) yield return r;
        if (Lca is not null) yield return Lca;
        if (Probeless is not null) yield return Probeless;
        foreach (var r in Combined) yield return r;
    }

    /// <summary>The report as indented JSON.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, CcfsOptions.JsonOptions);

    /// <summary>The config options, but tolerant of members added by later versions (a report is data, not a config).</summary>
    private static readonly JsonSerializerOptions ReadOptions =
        new(CcfsOptions.JsonOptions) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip };

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The report.</returns>
    /// <exception cref="JsonException">Malformed JSON or not a report.</exception>
    public static CcfsReport FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize<CcfsReport>(json, ReadOptions) ?? throw new JsonException("The report is null.");
    }

    /// <summary>Writes the JSON report atomically (temporary file, then rename).</summary>
    /// <param name="path">The output file; its folder must exist.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The output folder '{folder}' does not exist ({path}).");
        var json = ToJson();
        IoUtil.WriteAtomically(path, (FileStream fs) => fs.Write(new System.Text.UTF8Encoding(false).GetBytes(json)));
    }

    /// <summary>Reads a report file written by <see cref="Save"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The report.</returns>
    /// <exception cref="InvalidDataException">The file is not a CCFS report (the message names it).</exception>
    public static CcfsReport Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return FromJson(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a CCFS report ({ex.Message}).", ex);
        }
    }
}
