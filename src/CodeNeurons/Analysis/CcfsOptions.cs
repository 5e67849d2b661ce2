using System.Text.Json;
using System.Text.Json.Serialization;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Analysis;

/// <summary>A (δ_L, δ_N) pair of the combined LS + CC + LCA stage, both in percent. In JSON: <c>[3, 1]</c>.</summary>
/// <param name="LayerDeltaPercent">δ_L of the layer selector.</param>
/// <param name="NeuronDeltaPercent">δ_N of the minimal neuron set.</param>
[JsonConverter(typeof(DeltaPairJsonConverter))]
public sealed record DeltaPair(double LayerDeltaPercent, double NeuronDeltaPercent);

/// <summary>Settings of the layer-selection (LS) stage.</summary>
public sealed record LayerSelectionStageOptions
{
    /// <summary>δ_L values (percent), one LS row each. Paper: 1, 2, 3.</summary>
    public IReadOnlyList<double> Deltas { get; init; } = [1, 2, 3];

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An empty or repeated list, a δ outside (0, 100).</exception>
    public void Validate() => CcfsChecks.Deltas(Deltas, "layerSelection.deltas");
}

/// <summary>Settings of the correlation-clustering (CC) stage and of the hierarchies the combined stage cuts.</summary>
public sealed record ClusteringStageOptions
{
    /// <summary>Thresholds on 1 − |r| of the CC curve (ascending, in (0, 1]).</summary>
    public IReadOnlyList<double> Thresholds { get; init; } = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    /// <summary>Linkage of the hierarchy (paper: average).</summary>
    public LinkageMethod Linkage { get; init; } = LinkageMethod.Average;

    /// <summary>How each cluster's representative is chosen.</summary>
    public RepresentativeSelection Representative { get; init; } = RepresentativeSelection.Medoid;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">Thresholds unsorted, repeated or out of range; an unknown linkage or representative rule.</exception>
    public void Validate()
    {
        CcfsChecks.Ascending(Thresholds, "clustering.thresholds");
        if (!Enum.IsDefined(Linkage)) throw new ArgumentOutOfRangeException(nameof(Linkage), Linkage, "Unknown linkage method.");
        if (!Enum.IsDefined(Representative)) throw new ArgumentOutOfRangeException(nameof(Representative), Representative, "Unknown representative selection.");
    }
}

/// <summary>Settings of the minimal-neuron-set searches (LCA, probeless, and the LCA step of the combined stage).</summary>
public sealed record MinimalSetStageOptions
{
    /// <summary>δ_N (percent) of the stand-alone LCA and probeless minimal sets. Paper: 1.</summary>
    public double DeltaPercent { get; init; } = 1;

    /// <summary>Fractions of the grid (of the stage's input neurons); default <see cref="MinimalNeuronSet.PaperGrid"/>.</summary>
    public IReadOnlyList<double> Grid { get; init; } = MinimalNeuronSet.PaperGrid;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">δ outside (0, 100), a bad grid.</exception>
    public void Validate()
    {
        CcfsChecks.Delta(DeltaPercent, "minimalSet.deltaPercent");
        new MinimalNeuronSetOptions { Grid = Grid, DeltaPercent = DeltaPercent }.Validate();
    }
}

/// <summary>Settings of the combined LS + CC + LCA stage and of the choice of the best combination.</summary>
public sealed record CombinedStageOptions
{
    /// <summary>The (δ_L, δ_N) pairs. Paper: (3, 1), (2, 1), (1, 1).</summary>
    public IReadOnlyList<DeltaPair> Pairs { get; init; } = [new(3, 1), new(2, 1), new(1, 1)];

    /// <summary>Clustering thresholds; null = no clustering. Paper: none and 0.3.</summary>
    public IReadOnlyList<double?> Thresholds { get; init; } = [null, 0.3];

    /// <summary>
    /// The rule for the best combination, on dev: the fewest neurons among the combinations whose dev accuracy is at
    /// least oracle·(1 − this/100); when none is, the highest dev accuracy. Percent, in (0, 100).
    /// </summary>
    public double SelectionDeltaPercent { get; init; } = 1;

    /// <summary>Checks the options.</summary>
    /// <param name="required">Whether the combined stage runs (then pairs and thresholds must not be empty).</param>
    /// <exception cref="ArgumentException">An empty pair or threshold list, a bad δ, thresholds unsorted or repeated.</exception>
    public void Validate(bool required)
    {
        ArgumentNullException.ThrowIfNull(Pairs, "combined.pairs");
        if (required && Pairs.Count == 0) throw new ArgumentException("The ccfs stage needs at least one (δ_L, δ_N) pair (combined.pairs).", nameof(Pairs));
        for (int i = 0; i < Pairs.Count; i++)
        {
            if (Pairs[i] is null) throw new ArgumentException($"combined.pairs[{i}] is null.", nameof(Pairs));
            CcfsChecks.Delta(Pairs[i].LayerDeltaPercent, $"combined.pairs[{i}] δ_L");
            CcfsChecks.Delta(Pairs[i].NeuronDeltaPercent, $"combined.pairs[{i}] δ_N");
        }
        ArgumentNullException.ThrowIfNull(Thresholds, "combined.thresholds");
        if (required && Thresholds.Count == 0) throw new ArgumentException("combined.thresholds is empty; use [null] for no clustering.", nameof(Thresholds));
        if (Thresholds.Count(t => t is null) > 1) throw new ArgumentException("combined.thresholds lists null (no clustering) twice.", nameof(Thresholds));
        CcfsChecks.Ascending(Thresholds.Where(t => t is not null).Select(t => t!.Value).ToArray(), "combined.thresholds");
        CcfsChecks.Delta(SelectionDeltaPercent, "combined.selectionDeltaPercent");
    }
}

/// <summary>Settings of the selectivity stage (Hewitt &amp; Liang's control task).</summary>
public sealed record SelectivityStageOptions
{
    /// <summary>Control-task distribution.</summary>
    public ControlDistribution ControlDistribution { get; init; } = ControlDistribution.Empirical;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An unknown distribution.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(ControlDistribution)) throw new ArgumentOutOfRangeException(nameof(ControlDistribution), ControlDistribution, "Unknown control distribution.");
    }
}

/// <summary>Settings of the concept-neuron listing of the report.</summary>
public sealed record ConceptStageOptions
{
    /// <summary>Neurons listed per class in <see cref="CcfsReport.Concepts"/> (largest positive oracle weights; 0 = none).</summary>
    public int NeuronsPerClass { get; init; } = 10;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative count.</exception>
    public void Validate()
    {
        if (NeuronsPerClass < 0) throw new ArgumentOutOfRangeException(nameof(NeuronsPerClass), NeuronsPerClass, "concepts.neuronsPerClass must be ≥ 0.");
    }
}

/// <summary>
/// Settings of <see cref="CcfsPipeline"/>: which stages run, each stage's own options, the probe and the seed. Serialises
/// to and from the <c>pipeline</c> object of <c>codeneurons ccfs</c> config files (camelCase keys, unknown keys rejected).
/// </summary>
public sealed record CcfsOptions
{
    /// <summary>The stages to run; the oracle always runs. Default: all. In JSON a list of names (<see cref="CcfsStageNames"/>).</summary>
    [JsonConverter(typeof(CcfsStageListConverter))]
    public CcfsStage Stages { get; init; } = CcfsStage.All;

    /// <summary>Restrict the input to these layers (ascending, unique); null = every layer of the activations.</summary>
    public IReadOnlyList<int>? Layers { get; init; }

    /// <summary>The layer-selection stage.</summary>
    public LayerSelectionStageOptions LayerSelection { get; init; } = new();

    /// <summary>The clustering stage (and the hierarchies of the combined stage).</summary>
    public ClusteringStageOptions Clustering { get; init; } = new();

    /// <summary>The minimal-set searches.</summary>
    public MinimalSetStageOptions MinimalSet { get; init; } = new();

    /// <summary>The combined stage and the choice of the best combination.</summary>
    public CombinedStageOptions Combined { get; init; } = new();

    /// <summary>The selectivity stage.</summary>
    public SelectivityStageOptions Selectivity { get; init; } = new();

    /// <summary>The concept-neuron listing.</summary>
    public ConceptStageOptions Concepts { get; init; } = new();

    /// <summary>Probe settings (every probe of every stage). Default: elastic net λ1 = λ2 = 1e-5, 10 epochs, Adam 1e-3.</summary>
    public ProbeOptions Probe { get; init; } = new() { L1 = 1e-5, L2 = 1e-5 };

    /// <summary>Seed of every probe, random representative and control task; the same seed gives the same report on CPU.</summary>
    public int Seed { get; init; }

    /// <summary>Whether <paramref name="stage"/> runs.</summary>
    /// <param name="stage">A single stage.</param>
    /// <returns>True when selected (the oracle always runs).</returns>
    public bool Runs(CcfsStage stage) => stage == CcfsStage.Oracle || (Stages & stage) == stage;

    /// <summary>Checks every option without data; called before any work.</summary>
    /// <exception cref="ArgumentException">An unknown stage, a null section, δ outside (0, 100), thresholds unsorted, repeated or out of range, a bad grid or probe option (the message names the key).</exception>
    public void Validate()
    {
        if ((Stages & ~CcfsStage.All) != 0) throw new ArgumentException($"Unknown stage flags {Stages}.", nameof(Stages));
        if (Layers is not null)
        {
            if (Layers.Count == 0) throw new ArgumentException("layers is empty; omit it (null) for every layer.", nameof(Layers));
            for (int i = 0; i < Layers.Count; i++)
            {
                if (Layers[i] < 0) throw new ArgumentException($"Layer {Layers[i]} (layers[{i}]) is negative.", nameof(Layers));
                if (i > 0 && Layers[i] <= Layers[i - 1]) throw new ArgumentException($"layers must ascend without repeats: {Layers[i]} (layers[{i}]) follows {Layers[i - 1]}.", nameof(Layers));
            }
        }
        Require(LayerSelection, "layerSelection").Validate();
        Require(Clustering, "clustering").Validate();
        Require(MinimalSet, "minimalSet").Validate();
        Require(Combined, "combined").Validate(Runs(CcfsStage.Combined));
        Require(Selectivity, "selectivity").Validate();
        Require(Concepts, "concepts").Validate();
        Require(Probe, "probe").Validate();
    }

    private static T Require<T>(T? section, string key) where T : class =>
        section ?? throw new ArgumentException($"The pipeline option '{key}' is null; omit it for the defaults.", key);

    /// <summary>Checks the options against the data: every requested layer must exist.</summary>
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

/// <summary>Shared option checks with the config key in every message.</summary>
internal static class CcfsChecks
{
    internal static void Deltas(IReadOnlyList<double> deltas, string name)
    {
        ArgumentNullException.ThrowIfNull(deltas, name);
        if (deltas.Count == 0) throw new ArgumentException($"{name} is empty.", name);
        foreach (double d in deltas) Delta(d, name);
        if (deltas.Distinct().Count() != deltas.Count) throw new ArgumentException($"{name} repeats a value.", name);
    }

    internal static void Delta(double d, string name)
    {
        if (!(d > 0 && d < 100)) throw new ArgumentOutOfRangeException(name, d, $"{name}: δ = {d}; δ is a percentage in (0, 100).");
    }

    internal static void Ascending(IReadOnlyList<double> thresholds, string name)
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
