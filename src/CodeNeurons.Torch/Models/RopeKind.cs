using System.Text.Json;

namespace CodeNeurons.Torch.Models;

/// <summary>Which rotary-embedding frequency rule the config asks for (<c>rope_scaling.type</c> / <c>rope_type</c>).</summary>
public enum RopeKind
{
    /// <summary>No scaling: <c>inv_freq[i] = θ^(−2i/d)</c>.</summary>
    Default,

    /// <summary>Linear position interpolation (DeepSeek-Coder: factor 4): every frequency divided by the factor.</summary>
    Linear,

    /// <summary>Llama 3.1's frequency-dependent scaling (<c>low_freq_factor</c>, <c>high_freq_factor</c>, <c>original_max_position_embeddings</c>).</summary>
    Llama3,
}
