using TorchSharp;

namespace CodeNeurons.Torch.Models;

/// <summary>Loads a Hugging Face model folder (<c>config.json</c> plus weights) as an <see cref="IHiddenStatesModel"/>.</summary>
public static class HfModel
{
    /// <summary>Loads the model in <paramref name="folder"/>.</summary>
    /// <param name="folder">A folder with <c>config.json</c> and <c>model.safetensors</c>, <c>pytorch_model.bin</c> or a sharded checkpoint.</param>
    /// <param name="options">Device, compute type and weight format; null for float32 on the CPU.</param>
    /// <returns>The model, in inference mode; dispose it to free its weights.</returns>
    /// <exception cref="FileNotFoundException"><c>config.json</c> or the weights are missing.</exception>
    /// <exception cref="NotSupportedException">The <c>model_type</c> or activation is not supported, or CUDA was asked for without a CUDA backend (the message names <see cref="TorchDevices.CudaLinuxPackage"/>).</exception>
    /// <exception cref="InvalidDataException">The config lacks a key, a file is corrupt, or a weight is missing or has the wrong shape (the message names it).</exception>
    public static IHiddenStatesModel Load(string folder, ModelLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        options ??= new ModelLoadOptions();
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Model folder '{folder}' does not exist.");
        string configPath = Path.Combine(folder, "config.json");
        if (!File.Exists(configPath)) throw new FileNotFoundException($"Model folder '{folder}' has no config.json.", configPath);
        var config = HfModelConfig.Load(configPath);
        var device = TorchDevices.Resolve(options.Device);
        var dtype = ScalarType(options);
        bool rotary = config.ModelType is "llama" or "qwen2" or "starcoder2";
        if (options.StreamLayers && !rotary)
            throw new NotSupportedException($"StreamLayers is supported for llama, qwen2 and starcoder2 models, not model_type '{config.ModelType}'.");
        // The rotary decoders read safetensors through a memory map, tensor by tensor (no managed float32 copy of the model).
        if (rotary && options.Format != WeightFormat.PyTorchBin && MappedCheckpoint.TryOpenFolder(folder) is { } mapped)
        {
            try
            {
                var model = new RotaryDecoderModel(config, mapped, folder, device, dtype, options.StreamLayers);
                if (!options.StreamLayers) mapped.Dispose();
                return model;
            }
            catch
            {
                mapped.Dispose();
                throw;
            }
        }
        if (options.StreamLayers)
            throw new NotSupportedException($"StreamLayers needs safetensors weights (model.safetensors or model.safetensors.index.json) in '{folder}'.");
        var checkpoint = CheckpointLoader.ReadFolder(folder, options.Format);
        return Create(config, checkpoint, folder, device, dtype);
    }

    internal static torch.ScalarType ScalarType(ModelLoadOptions options) => options.DType switch
    {
        ModelDType.Float32 => torch.ScalarType.Float32,
        ModelDType.BFloat16 => torch.ScalarType.BFloat16,
        ModelDType.Float16 => torch.ScalarType.Float16,
        _ => throw new ArgumentOutOfRangeException(nameof(options), $"Unknown dtype {options.DType}."),
    };

    internal static IHiddenStatesModel Create(HfModelConfig config, IReadOnlyDictionary<string, CheckpointTensor> checkpoint, string source, torch.Device device, torch.ScalarType dtype) =>
        config.ModelType switch
        {
            "roberta" or "bert" => new BertFamilyModel(config, checkpoint, source, device, dtype),
            "gpt2" => new Gpt2Model(config, checkpoint, source, device, dtype),
            "t5" => new T5EncoderModel(config, checkpoint, source, device, dtype),
            "llama" or "qwen2" or "starcoder2" => new RotaryDecoderModel(config, checkpoint, source, device, dtype),
            _ => throw new NotSupportedException($"model_type '{config.ModelType}' is not supported; supported are: {string.Join(", ", HfModelConfig.SupportedModelTypes)}."),
        };
}
