namespace CodeNeurons.Torch.Models;

/// <summary>
/// Maps the initializers of a BERT exported to ONNX by <c>torch.onnx</c> onto Hugging Face parameter names.
/// Embeddings, biases and layer-norm parameters keep their names; each Linear weight is an anonymous MatMul initializer
/// (<c>[in, out]</c>), found as the MatMul whose output the Add with the named bias reads, and transposed to PyTorch's <c>[out, in]</c>.
/// </summary>
internal static class OnnxBertImport
{
    private static readonly string[] Linears =
        ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense", "intermediate.dense", "output.dense"];

    /// <summary>The Hugging Face checkpoint of a BERT with <paramref name="layers"/> blocks.</summary>
    /// <exception cref="InvalidDataException">A parameter is missing or cannot be matched through the graph (the message names it), or a MatMul weight's shape disagrees with its bias (both are named).</exception>
    public static Dictionary<string, CheckpointTensor> Import(IReadOnlyList<OnnxNode> nodes, IReadOnlyDictionary<string, CheckpointTensor> initializers, int layers, string source)
    {
        var result = new Dictionary<string, CheckpointTensor>(StringComparer.Ordinal);
        void Named(string name)
        {
            if (!initializers.TryGetValue(name, out var t))
                throw new InvalidDataException($"ONNX model '{source}' has no float initializer '{name}'.");
            result[name] = t;
        }

        foreach (var n in new[] { "word_embeddings", "position_embeddings", "token_type_embeddings" }) Named($"embeddings.{n}.weight");
        Named("embeddings.LayerNorm.weight");
        Named("embeddings.LayerNorm.bias");
        var producers = new Dictionary<string, OnnxNode>(StringComparer.Ordinal);
        foreach (var node in nodes)
            foreach (var o in node.Outputs) producers[o] = node;
        for (int l = 0; l < layers; l++)
        {
            string p = $"encoder.layer.{l}.";
            foreach (var ln in new[] { "attention.output.LayerNorm", "output.LayerNorm" })
            {
                Named(p + ln + ".weight");
                Named(p + ln + ".bias");
            }
            foreach (var linear in Linears)
            {
                string biasName = p + linear + ".bias";
                Named(biasName);
                var bias = result[biasName];
                var weight = MatMulWeight(nodes, producers, initializers, biasName, source);
                if (weight.Shape.Length != 2 || weight.Shape[1] != bias.Shape[^1])
                    throw new InvalidDataException(
                        $"ONNX model '{source}': the MatMul weight matched to '{p + linear}.weight' has shape {weight.ShapeText} ([in, out]), but its bias '{biasName}' has shape {bias.ShapeText}.");
                result[p + linear + ".weight"] = Transpose(weight);
            }
        }
        return result;
    }

    /// <summary>
    /// The names of the values a Hugging Face BERT returns as hidden states: the embedding layer norm's output, then each
    /// block's output layer norm's output (the Add of the layer-norm bias, or the LayerNormalization node).
    /// </summary>
    /// <exception cref="InvalidDataException">A layer norm cannot be found in the graph (the message names its bias).</exception>
    public static IReadOnlyList<string> HiddenStateNames(IReadOnlyList<OnnxNode> nodes, int layers, string source)
    {
        var names = new List<string> { LayerNormOutput(nodes, "embeddings.LayerNorm.bias", source) };
        for (int l = 0; l < layers; l++) names.Add(LayerNormOutput(nodes, $"encoder.layer.{l}.output.LayerNorm.bias", source));
        return names;
    }

    private static string LayerNormOutput(IReadOnlyList<OnnxNode> nodes, string bias, string source)
    {
        foreach (var node in nodes)
            if ((node.OpType == "Add" || node.OpType == "LayerNormalization") && node.Inputs.Contains(bias) && node.Outputs.Count > 0)
                return node.Outputs[0];
        throw new InvalidDataException($"ONNX model '{source}': no Add or LayerNormalization node reads the layer-norm bias '{bias}'.");
    }

    private static CheckpointTensor MatMulWeight(IReadOnlyList<OnnxNode> nodes, Dictionary<string, OnnxNode> producers,
        IReadOnlyDictionary<string, CheckpointTensor> initializers, string biasName, string source)
    {
        foreach (var node in nodes)
        {
            if (node.OpType != "Add" || node.Inputs.Count != 2 || !node.Inputs.Contains(biasName)) continue;
            string other = node.Inputs[0] == biasName ? node.Inputs[1] : node.Inputs[0];
            if (producers.TryGetValue(other, out var mm) && mm.OpType == "MatMul" && mm.Inputs.Count == 2
                && initializers.TryGetValue(mm.Inputs[1], out var w))
                return w;
        }
        throw new InvalidDataException(
            $"ONNX model '{source}': no MatMul with a float initializer feeds the Add of bias '{biasName}', so the weight '{biasName[..^".bias".Length]}.weight' cannot be matched.");
    }

    private static CheckpointTensor Transpose(CheckpointTensor t)
    {
        long rows = t.Shape[0], cols = t.Shape[1];
        var data = new float[t.Data.Length];
        for (long r = 0; r < rows; r++)
            for (long c = 0; c < cols; c++)
                data[c * rows + r] = t.Data[r * cols + c];
        return new CheckpointTensor([cols, rows], data);
    }
}
