using System.Text.Json;
using System.Text.Json.Serialization;
using CodeNeurons.Redundancy;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Analysis;

/// <summary>The stage names of <see cref="CcfsPipeline"/> (the <c>stages</c> list of a config file).</summary>
public static class CcfsStages
{
    /// <summary>A probe on all neurons (always run: every other stage is measured against it).</summary>
    public const string Oracle = "oracle";

    /// <summary>The intercept-only (majority-class) baseline.</summary>
    public const string None = "none";

    /// <summary>Independent and incremental layer-wise probes and the LayerSelector choice for every δ_L.</summary>
    public const string LayerSelection = "layerwise";

    /// <summary>Correlation clustering of all neurons, a probe on the representatives at every threshold (the CC curve).</summary>
    public const string Clustering = "clustering";

    /// <summary>The minimal neuron set with the elastic-net weight-mass ranking, on all neurons.</summary>
    public const string Lca = "lca";

    /// <summary>The minimal neuron set with the probeless ranking, on all neurons.</summary>
    public const string Probeless = "probeless";

    /// <summary>LS + CC + LCA for every (δ_L, δ_N) pair and combined threshold, and the best combination on dev.</summary>
    public const string Combined = "ccfs";

    /// <summary>Selectivity (task accuracy − control-task accuracy) of the oracle and of the best combination; needs tokens.</summary>
    public const string Selectivity = "selectivity";

    /// <summary>Every stage, in the order they run.</summary>
    public static IReadOnlyList<string> All { get; } = [Oracle, None, LayerSelection, Clustering, Lca, Probeless, Combined, Selectivity];
}

/// <summary>A (δ_L, δ_N) pair of the combined LS + CC + LCA stage, both in percent. In JSON: <c>[3, 1]</c>.</summary>
/// <param name="LayerDeltaPercent">δ_L of the layer selector.</param>
/// <param name="NeuronDeltaPercent">δ_N of the minimal neuron set.</param>
[JsonConverter(typeof(DeltaPairJsonConverter))]
public sealed record DeltaPair(double LayerDeltaPercent, double NeuronDeltaPercent);

/// <summary>
/// Settings of <see cref="CcfsPipeline"/>: which stages run and with which δ, thresholds, grid and probe. Serialises to
/// and from the JSON config file of <c>codeneurons ccfs</c> (camelCase keys, unknown keys rejected).
/// </summary>
public sealed record CcfsOptions
{
    /// <summary>The stages to run (names in <see cref="CcfsStages"/>); the oracle always runs. Default: all.</summary>
    public IReadOnlyList<string> Stages { get; init; } = CcfsStages.All;

    /// <summary>Restrict the input to these layers (ascending, unique); null = every layer of the activations.</summary>
    public IReadOnlyList<int>? Layers { get; init; }

    /// <summary>δ_L values (percent) of the layer-selection rows. Paper: 1, 2, 3.</summary>
    public IReadOnlyList<double> LayerDeltas { get; init; } = [1, 2, 3];

    /// <summary>Thresholds of the CC curve (distance 1 − |r|), strictly ascending, each in (0, 1]. Paper: 0.1 … 0.9.</summary>
    public IReadOnlyList<double> ClusteringThresholds { get; init; } = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    /// <summary>Linkage of the correlation clustering (paper: average).</summary>
    public LinkageMethod Linkage { get; init; } = LinkageMethod.Average;

    /// <summary>How each cluster's representative is chosen.</summary>
    public RepresentativeSelection Representative { get; init; } = RepresentativeSelection.Medoid;

    /// <summary>δ_N (percent) of the stand-alone LCA and probeless minimal sets. Paper: 1.</summary>
    public double NeuronDeltaPercent { get; init; } = 1;

    /// <summary>Fractions of the minimal-set grid (of the stage's input neurons); default <see cref="MinimalNeuronSet.PaperGrid"/>.</summary>
    public IReadOnlyList<double> Grid { get; init; } = MinimalNeuronSet.PaperGrid;

    /// <summary>The (δ_L, δ_N) pairs of the combined stage. Paper: (3, 1), (2, 1), (1, 1).</summary>
    public IReadOnlyList<DeltaPair> Pairs { get; init; } = [new(3, 1), new(2, 1), new(1, 1)];

    /// <summary>Clustering thresholds of the combined stage; null = no clustering. Paper: none and 0.3.</summary>
    public IReadOnlyList<double?> CombinedThresholds { get; init; } = [null, 0.3];

    /// <summary>
    /// The rule for the best combination, on dev: the fewest neurons among the combinations whose dev accuracy is at
    /// least oracle·(1 − this/100); when none is, the highest dev accuracy. Percent, in (0, 100).
    /// </summary>
    public double SelectionDeltaPercent { get; init; } = 1;

    /// <summary>Probe settings (every probe of every stage). Default: elastic net λ1 = λ2 = 1e-5, 10 epochs, Adam 1e-3.</summary>
    public ProbeOptions Probe { get; init; } = new() { L1 = 1e-5, L2 = 1e-5 };

    /// <summary>Control-task distribution of the selectivity stage.</summary>
    public Concepts.ControlDistribution ControlDistribution { get; init; } = Concepts.ControlDistribution.Empirical;

    /// <summary>Neurons listed per class in <see cref="CcfsReport.Concepts"/> (largest positive oracle weights; 0 = none).</summary>
    public int ConceptNeurons { get; init; } = 10;

    /// <summary>Seed of every probe, random representative and control task; the same seed gives the same report on CPU.</summary>
    public int Seed { get; init; }

    /// <summary>Whether <paramref name="stage"/> runs.</summary>
    /// <param name="stage">A name from <see cref="CcfsStages"/>.</param>
    /// <returns>True when listed (the oracle always runs).</returns>
    public bool Runs(string stage) => stage == CcfsStages.Oracle || Stages.Contains(stage);

    /// <summary>Checks every option without data; called before any work.</summary>
    /// <exception cref="ArgumentException">An unknown or repeated stage, δ outside (0, 100), thresholds unsorted, repeated or out of range, a bad grid or probe option.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Stages);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in Stages)
        {
            if (!CcfsStages.All.Contains(stage))
                throw new ArgumentException($"Unknown stage '{stage}'; the stages are {string.Join(", ", CcfsStages.All)}.", nameof(Stages));
            if (!seen.Add(stage)) throw new ArgumentException($"Stage '{stage}' is listed twice.", nameof(Stages));
        }
        if (Layers is not null)
        {
            if (Layers.Count == 0) throw new ArgumentException("layers is empty; omit it (null) for every layer.", nameof(Layers));
            for (int i = 0; i < Layers.Count; i++)
            {
                if (Layers[i] < 0) throw new ArgumentException($"Layer {Layers[i]} (index {i}) is negative.", nameof(Layers));
                if (i > 0 && Layers[i] <= Layers[i - 1]) throw new ArgumentException($"Layers must ascend without repeats: {Layers[i]} (index {i}) follows {Layers[i - 1]}.", nameof(Layers));
            }
        }
        CheckDeltas(LayerDeltas, nameof(LayerDeltas));
        CheckAscending(ClusteringThresholds, nameof(ClusteringThresholds));
        if (!Enum.IsDefined(Linkage)) throw new ArgumentOutOfRangeException(nameof(Linkage), Linkage, "Unknown linkage method.");
        if (!Enum.IsDefined(Representative)) throw new ArgumentOutOfRangeException(nameof(Representative), Representative, "Unknown representative selection.");
        CheckDelta(NeuronDeltaPercent, nameof(NeuronDeltaPercent));
        new MinimalNeuronSetOptions { Grid = Grid, DeltaPercent = NeuronDeltaPercent, Probe = Probe }.Validate();
        ArgumentNullException.ThrowIfNull(Pairs);
        if (Runs(CcfsStages.Combined) && Pairs.Count == 0) throw new ArgumentException("The ccfs stage needs at least one (δ_L, δ_N) pair.", nameof(Pairs));
        for (int i = 0; i < Pairs.Count; i++)
        {
            CheckDelta(Pairs[i].LayerDeltaPercent, $"{nameof(Pairs)}[{i}] δ_L");
            CheckDelta(Pairs[i].NeuronDeltaPercent, $"{nameof(Pairs)}[{i}] δ_N");
        }
        ArgumentNullException.ThrowIfNull(CombinedThresholds);
        if (Runs(CcfsStages.Combined) && CombinedThresholds.Count == 0) throw new ArgumentException("combinedThresholds is empty; use [null] for no clustering.", nameof(CombinedThresholds));
        if (CombinedThresholds.Count(t => t is null) > 1) throw new ArgumentException("combinedThresholds lists null (no clustering) twice.", nameof(CombinedThresholds));
        CheckAscending(CombinedThresholds.Where(t => t is not null).Select(t => t!.Value).ToArray(), nameof(CombinedThresholds));
        CheckDelta(SelectionDeltaPercent, nameof(SelectionDeltaPercent));
        if (ConceptNeurons < 0) throw new ArgumentOutOfRangeException(nameof(ConceptNeurons), ConceptNeurons, "ConceptNeurons must be ≥ 0.");
        if (!Enum.IsDefined(ControlDistribution)) throw new ArgumentOutOfRangeException(nameof(ControlDistribution), ControlDistribution, "Unknown control distribution.");
    }

    /// <summary>Checks the options against the data's layout: every requested layer must exist.</summary>
    /// <param name="layout">The activations' layer layout.</param>
    /// <param name="neuronIds">The activations' neuron ids.</param>
    /// <exception cref="ArgumentException">A requested layer is not in the activations.</exception>
    public void Validate(LayerLayout layout, IReadOnlyList<int> neuronIds)
    {
        Validate();
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(neuronIds);
        if (Layers is null) return;
        var present = neuronIds.Select(id => id / layout.NeuronsPerLayer).ToHashSet();
        foreach (int l in Layers)
            if (!present.Contains(l))
                throw new ArgumentException($"Layer {l} is not in the activations (layers present: {string.Join(", ", present.Order())}).", nameof(Layers));
    }

    private static void CheckDeltas(IReadOnlyList<double> deltas, string name)
    {
        ArgumentNullException.ThrowIfNull(deltas, name);
        if (deltas.Count == 0) throw new ArgumentException($"{name} is empty.", name);
        foreach (double d in deltas) CheckDelta(d, name);
        if (deltas.Distinct().Count() != deltas.Count) throw new ArgumentException($"{name} repeats a value.", name);
    }

    private static void CheckDelta(double d, string name)
    {
        if (!(d > 0 && d < 100)) throw new ArgumentOutOfRangeException(name, d, $"{name}: δ = {d}; δ is a percentage in (0, 100).");
    }

    private static void CheckAscending(IReadOnlyList<double> thresholds, string name)
    {
        ArgumentNullException.ThrowIfNull(thresholds, name);
        for (int i = 0; i < thresholds.Count; i++)
        {
            double t = thresholds[i];
            if (!(t > 0 && t <= 1)) throw new ArgumentOutOfRangeException(name, t, $"{name}[{i}] = {t}; thresholds on 1 − |r| must lie in (0, 1].");
            if (i > 0 && t == thresholds[i - 1]) throw new ArgumentException($"{name}: threshold {t} is repeated (index {i}).", name);
            if (i > 0 && t < thresholds[i - 1]) throw new ArgumentException($"{name}: thresholds must ascend; {t} (index {i}) follows {thresholds[i - 1]}.", name);
        }
    }

    /// <summary>JSON settings of config files: camelCase, enums as strings, comments and trailing commas allowed, unknown keys rejected.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Reads options from JSON (keys missing from the JSON keep their defaults) and validates them.</summary>
    /// <param name="json">The JSON object.</param>
    /// <returns>The options.</returns>
    /// <exception cref="JsonException">Malformed JSON or an unknown key (the message gives the path).</exception>
    /// <exception cref="ArgumentException">An invalid value.</exception>
    public static CcfsOptions FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var options = JsonSerializer.Deserialize<CcfsOptions>(json, JsonOptions) ?? throw new JsonException("The pipeline options are null.");
        options.Validate();
        return options;
    }

    /// <summary>The options as indented JSON (the format <see cref="FromJson"/> reads).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}

/// <summary>Reads and writes <see cref="DeltaPair"/> as a two-number array <c>[δ_L, δ_N]</c>.</summary>
internal sealed class DeltaPairJsonConverter : JsonConverter<DeltaPair>
{
    public override DeltaPair Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("A (δ_L, δ_N) pair must be an array of two numbers, e.g. [3, 1].");
        var values = new List<double>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number) throw new JsonException("A (δ_L, δ_N) pair must hold numbers only, e.g. [3, 1].");
            values.Add(reader.GetDouble());
        }
        if (values.Count != 2) throw new JsonException($"A (δ_L, δ_N) pair must have two numbers, not {values.Count}.");
        return new DeltaPair(values[0], values[1]);
    }

    public override void Write(Utf8JsonWriter writer, DeltaPair value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.LayerDeltaPercent);
        writer.WriteNumberValue(value.NeuronDeltaPercent);
        writer.WriteEndArray();
    }
}
