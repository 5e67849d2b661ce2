using System.Text.Json;

namespace CodeNeurons.Torch.Models;

/// <summary>The feed-forward block of a rotary decoder.</summary>
public enum DecoderMlp
{
    /// <summary><c>down_proj(act(gate_proj(x)) · up_proj(x))</c> (Llama, Qwen2; SwiGLU with <c>silu</c>).</summary>
    Gated,

    /// <summary><c>c_proj(act(c_fc(x)))</c> (StarCoder2; <c>gelu_pytorch_tanh</c>).</summary>
    Plain,
}
