using System.Text.Json;
using System.Text.Json.Serialization;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Analysis;

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

    /// <summary>
    /// The score of every probe: every dev choice (LS, the minimal sets, the best combination) and every reported dev and
    /// test score. Default accuracy; <see cref="ProbeMetric.F1"/> (binary tasks, e.g. clone detection) or macro-F1.
    /// </summary>
    public ProbeMetric Metric { get; init; } = ProbeMetric.Accuracy;

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
        if (!Enum.IsDefined(Metric)) throw new ArgumentException($"Unknown metric {Metric}; use accuracy, f1 or macroF1.", nameof(Metric));
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
