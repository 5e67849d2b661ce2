using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodeNeurons.Analysis;

/// <summary>
/// The stages of <see cref="CcfsPipeline"/>, as flags. In a config file the <c>stages</c> list names them:
/// <c>"oracle"</c>, <c>"none"</c>, <c>"layerwise"</c>, <c>"clustering"</c>, <c>"lca"</c>, <c>"probeless"</c>,
/// <c>"ccfs"</c> (the combination) and <c>"selectivity"</c>.
/// </summary>
[Flags]
public enum CcfsStage
{
    /// <summary>No stage but the oracle (which always runs).</summary>
    Oracle = 0,

    /// <summary>The intercept-only (majority-class) baseline.</summary>
    None = 1,

    /// <summary>Independent and incremental layer-wise probes and the LayerSelector choice for every δ_L.</summary>
    LayerSelection = 2,

    /// <summary>Correlation clustering of all neurons, a probe on the representatives at every threshold (the CC curve).</summary>
    Clustering = 4,

    /// <summary>The minimal neuron set with the elastic-net weight-mass ranking, on all neurons.</summary>
    Lca = 8,

    /// <summary>The minimal neuron set with the probeless ranking, on all neurons.</summary>
    Probeless = 16,

    /// <summary>LS + CC + LCA for every (δ_L, δ_N) pair and combined threshold, and the best combination on dev.</summary>
    Combined = 32,

    /// <summary>Selectivity (task accuracy − control-task accuracy) of the oracle and of the best combination; needs tokens.</summary>
    Selectivity = 64,

    /// <summary>Every stage.</summary>
    All = None | LayerSelection | Clustering | Lca | Probeless | Combined | Selectivity,
}

/// <summary>Reads and writes <see cref="CcfsStage"/> flags as a list of stage names, e.g. <c>["oracle", "layerwise", "ccfs"]</c>.</summary>
internal sealed class CcfsStageListConverter : JsonConverter<CcfsStage>
{
    public override CcfsStage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonException($"stages must be a list of stage names ({string.Join(", ", CcfsStageNames.All)}).");
        var stages = CcfsStage.Oracle;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
                throw new JsonException($"stages must hold stage names ({string.Join(", ", CcfsStageNames.All)}).");
            string name = reader.GetString()!;
            CcfsStage stage;
            try
            {
                stage = CcfsStageNames.Parse(name);
            }
            catch (ArgumentException ex)
            {
                throw new JsonException(ex.Message, ex);
            }
            if (!seen.Add(name)) throw new JsonException($"Stage '{name}' is listed twice.");
            stages |= stage;
        }
        return stages;
    }

    public override void Write(Utf8JsonWriter writer, CcfsStage value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var name in CcfsStageNames.Names(value)) writer.WriteStringValue(name);
        writer.WriteEndArray();
    }
}
