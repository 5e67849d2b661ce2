using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodeNeurons.Torch.Compact;

/// <summary>The <c>manifest.json</c> of a compact-model folder (format <see cref="CompactModel.FileFormat"/>).</summary>
internal sealed class CompactManifest
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        RespectNullableAnnotations = true,
    };

    public string? Format { get; set; }

    public int Version { get; set; }

    /// <summary>The <c>model_type</c> of the truncated model.</summary>
    public string? ModelType { get; set; }

    /// <summary>Blocks of the model the analysis ran on.</summary>
    public int SourceLayers { get; set; }

    /// <summary>Blocks kept (the truncated config's layer count).</summary>
    public int KeptBlocks { get; set; }

    public CompactRepresentation? Representation { get; set; }

    /// <summary>The analysis' layout: neurons per layer (H, or 2H / 4H for pairs).</summary>
    public int NeuronsPerLayer { get; set; }

    /// <summary>The neurons the probe reads, in probe column order.</summary>
    public List<CompactNeuron>? Neurons { get; set; }

    public List<string>? ClassNames { get; set; }

    /// <summary>The files of the folder besides the manifest.</summary>
    public Dictionary<string, string>? Files { get; set; }

    public List<string>? TokenizerFiles { get; set; }
}

/// <summary>One neuron of a compact model: its global id in the analysis (<c>layer × neuronsPerLayer + unit</c>), layer and unit.</summary>
internal sealed record CompactNeuron(int Id, int Layer, int HiddenState, int Unit);
