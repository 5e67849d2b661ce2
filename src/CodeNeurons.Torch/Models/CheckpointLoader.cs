using System.Text.Json;

namespace CodeNeurons.Torch.Models;

/// <summary>
/// Finds and reads the weights of a Hugging Face model folder: <c>model.safetensors</c>, <c>pytorch_model.bin</c>,
/// or a sharded checkpoint (<c>model.safetensors.index.json</c> / <c>pytorch_model.bin.index.json</c> with a <c>weight_map</c>).
/// </summary>
public static class CheckpointLoader
{
    /// <summary>Reads every tensor of the folder's checkpoint, preferring safetensors over pickles and whole files over shards.</summary>
    /// <param name="folder">The model folder.</param>
    /// <param name="format">Which format to read (<see cref="WeightFormat.Auto"/> picks the first found).</param>
    /// <returns>The tensors by name, as stored (prefixes such as <c>roberta.</c> are not stripped here).</returns>
    /// <exception cref="FileNotFoundException">No weight file of the asked format is in the folder.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt (the message names it).</exception>
    public static IReadOnlyDictionary<string, CheckpointTensor> ReadFolder(string folder, WeightFormat format = WeightFormat.Auto)
    {
        var candidates = new List<(WeightFormat Format, string File, bool Index)>
        {
            (WeightFormat.SafeTensors, "model.safetensors", false),
            (WeightFormat.SafeTensors, "model.safetensors.index.json", true),
            (WeightFormat.PyTorchBin, "pytorch_model.bin", false),
            (WeightFormat.PyTorchBin, "pytorch_model.bin.index.json", true),
        };
        foreach (var (f, file, index) in candidates)
        {
            if (format != WeightFormat.Auto && format != f) continue;
            string path = Path.Combine(folder, file);
            if (!File.Exists(path)) continue;
            return index ? ReadSharded(path, f) : ReadFile(path, f);
        }
        string names = string.Join(", ", candidates.Where(c => format == WeightFormat.Auto || c.Format == format).Select(c => c.File));
        throw new FileNotFoundException($"Model folder '{folder}' has no weight file ({names}).");
    }

    private static IReadOnlyDictionary<string, CheckpointTensor> ReadFile(string path, WeightFormat f) =>
        f == WeightFormat.SafeTensors ? SafeTensorsReader.Read(path) : TorchPickleReader.Read(path);

    private static Dictionary<string, CheckpointTensor> ReadSharded(string indexPath, WeightFormat f)
    {
        List<string> shards;
        List<(string Tensor, string Shard)> map;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(indexPath));
            map = doc.RootElement.GetProperty("weight_map").EnumerateObject().Select(p => (p.Name, p.Value.GetString()!)).ToList();
            shards = map.Select(m => m.Shard).Distinct().ToList();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"Sharded checkpoint index '{indexPath}' is not valid (needs a 'weight_map' object): {ex.Message}", ex);
        }
        string dir = Path.GetDirectoryName(indexPath)!;
        var result = new Dictionary<string, CheckpointTensor>(StringComparer.Ordinal);
        foreach (var shard in shards)
        {
            string p = Path.Combine(dir, shard);
            if (!File.Exists(p)) throw new FileNotFoundException($"Shard '{shard}' named by '{indexPath}' does not exist.", p);
            var tensors = ReadFile(p, f);
            foreach (var (name, _) in map.Where(m => m.Shard == shard))
                if (!tensors.ContainsKey(name))
                    throw new InvalidDataException($"Sharded checkpoint index '{indexPath}' maps tensor '{name}' to '{shard}', which does not contain it.");
            foreach (var (k, v) in tensors) result[k] = v;
        }
        return result;
    }
}
