namespace CodeNeurons.Torch.Models;

/// <summary>How <see cref="HfModel.Load"/> places and reads a model.</summary>
/// <param name="Device"><c>"cpu"</c>, <c>"cuda"</c>, <c>"cuda:N"</c> or <c>"auto"</c>, as for <see cref="TorchDevices.Resolve"/>.</param>
/// <param name="DType">The compute type; hidden states are always returned as float32.</param>
/// <param name="Format">Which weight file to read.</param>
public sealed record ModelLoadOptions(string Device = "cpu", ModelDType DType = ModelDType.Float32, WeightFormat Format = WeightFormat.Auto);
