namespace CodeNeurons.Torch.Models;

/// <summary>How <see cref="HfModel.Load"/> places and reads a model.</summary>
/// <param name="Device"><c>"cpu"</c>, <c>"cuda"</c>, <c>"cuda:N"</c> or <c>"auto"</c>, as for <see cref="TorchDevices.Resolve"/>.</param>
/// <param name="DType">The compute type; hidden states are always returned as float32.</param>
/// <param name="Format">Which weight file to read.</param>
public sealed record ModelLoadOptions(string Device = "cpu", ModelDType DType = ModelDType.Float32, WeightFormat Format = WeightFormat.Auto)
{
    /// <summary>
    /// Stream the weights (llama, qwen2 and starcoder2 from safetensors only): the model keeps only its norms, and every forward
    /// pass reads each block's weights from the memory-mapped checkpoint just before the block runs (converted to
    /// <see cref="DType"/>) and frees them after it, reads only the embedding rows the batch uses, and reads the LM head only
    /// for logits. Memory is one block's weights plus one batch's activations instead of the whole model; the price is reading
    /// the checkpoint once per forward pass (see docs/models.md and docs/performance.md). Default false.
    /// </summary>
    public bool StreamLayers { get; init; }
}
