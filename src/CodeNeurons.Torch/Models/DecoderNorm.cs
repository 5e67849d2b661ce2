using System.Text.Json;

namespace CodeNeurons.Torch.Models;

/// <summary>How a rotary decoder normalizes its hidden states.</summary>
public enum DecoderNorm
{
    /// <summary>RMSNorm with a weight and no bias (Llama, Qwen2).</summary>
    RmsNorm,

    /// <summary>LayerNorm with weight and bias (StarCoder2).</summary>
    LayerNorm,
}
