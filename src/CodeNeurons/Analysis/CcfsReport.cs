using System.Text.Json;
using CodeNeurons.Formats;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Analysis;

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

    /// <summary>
    /// The oracle as the seed paper chose it — the best of the searched probes by <b>test</b> score — when
    /// <see cref="CcfsOptions.OptimisticOracle"/> is on: an optimistic comparison showing how much selection on test
    /// inflates a number; nothing is chosen by it. Null otherwise.
    /// </summary>
    public CcfsRow? OptimisticOracle { get; init; }

    /// <summary>The majority-class baseline (null when not run).</summary>
    public CcfsRow? None { get; init; }

    /// <summary>
    /// Baselines that read the input instead of the model, run with the none stage: the surface-form rule
    /// (<see cref="Baselines.SurfaceForm"/>) and the context-only probe (<see cref="Baselines.ContextOnly(CodeNeurons.Interpretation.IConceptProbe, CodeNeurons.Data.ProbingData, CodeNeurons.Interpretation.ProbeMetric, ContextBaselineOptions?, System.Threading.CancellationToken)"/>); empty when
    /// not run (the notes say why). An oracle at or below one of them has not shown that the neurons carry more than the input's surface.
    /// </summary>
    public IReadOnlyList<CcfsRow> InputBaselines { get; init; } = [];

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

    /// <summary>
    /// Peak resident memory of each stage in bytes: the same stages, in the same order, as <see cref="TimingsSeconds"/>
    /// (measured by <see cref="StageMemory"/>; <see cref="PeakMemoryKind"/> says whether each is the stage's own peak or the
    /// process's peak so far). Empty in reports written before it was recorded.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, long>> PeakMemoryBytes { get; init; } = [];

    /// <summary>What <see cref="PeakMemoryBytes"/> measures; <see cref="Analysis.PeakMemoryKind.None"/> when nothing was recorded.</summary>
    public PeakMemoryKind PeakMemoryKind { get; init; }

    /// <summary>What was skipped and why, and other remarks.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// True when <see cref="StreamedCcfs"/> produced the report (rows read on demand, never a dense matrix; e.g.
    /// <c>codeneurons ccfs</c> with <c>data.rows</c>); false for <see cref="CcfsPipeline"/>. Written to the JSON only when true.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool Streamed { get; init; }

    /// <summary>
    /// The probe trained on exactly <see cref="Best"/>'s neurons (the one whose dev and test scores the row reports), or null
    /// when the combined stage did not run. Not part of the JSON: <c>codeneurons ccfs</c> saves it beside the report
    /// (<see cref="BestProbePath"/>) so that a compact model can be built from the two files (docs/compact-model.md).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public LinearProbe? BestProbe { get; init; }

    /// <summary>Where <c>codeneurons ccfs</c> saves <see cref="BestProbe"/> for a report file: <c>report.json</c> → <c>report.probe.json</c>.</summary>
    /// <param name="reportPath">The report file.</param>
    /// <returns>The probe file's path, in the report's folder.</returns>
    public static string BestProbePath(string reportPath)
    {
        ArgumentNullException.ThrowIfNull(reportPath);
        return Path.ChangeExtension(reportPath, null) + ".probe.json";
    }

    /// <summary>Every row, in table order: oracle, none, input baselines, LS, CC, LCA, probeless, combinations.</summary>
    /// <returns>The rows.</returns>
    public IEnumerable<CcfsRow> Rows()
    {
        yield return Oracle;
        if (OptimisticOracle is not null) yield return OptimisticOracle;
        if (None is not null) yield return None;
        foreach (var r in InputBaselines) yield return r;
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
