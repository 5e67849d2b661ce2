using System.Text.Json.Nodes;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Tests.Models;
using CodeNeurons.Torch.Compact;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Tests.Compact;

/// <summary>
/// The compact model against the full pipeline (full model → all hidden states → select → probe) on the same input: the
/// chosen neurons' values agree to 1e-5 (float rounding: the same operations, other batch shapes), the predictions exactly;
/// save → load gives the same values bit for bit; bad neuron lists, probes and folders fail naming what and where.
/// </summary>
[TestFixture]
public sealed class CompactModelTests : TempDirectoryTest
{
    private const double Tolerance = 1e-5;

    private static readonly CodeSnippet[] Code =
    [
        CodeSnippet.FromTokens(["int", "count", "=", "items", ".", "size", "(", ")", ";"]),
        CodeSnippet.FromTokens(["return", "\"done\"", "+", "42", ";"]),
        CodeSnippet.FromTokens(["for", "(", "int", "i", "=", "0", ";", "i", "<", "n", ";", "i", "++", ")", "{", "total", "+=", "values", "[", "i", "]", ";", "}"]),
        CodeSnippet.FromTokens(["if", "x", "is", "None", ":", "raise", "ValueError", "(", "'empty'", ")"]),
    ];

    private static readonly string[] Snippets = ["def add(a, b):\n    return a + b", "int f() { return 1; }", "x = [i * i for i in range(10)]", "print('hello')", "while True: pass"];

    private static string Folder(string name) => HfModelParityTests.ModelFolder(name);

    /// <summary>Classes from the token text (word, number or string, punctuation), so the probe has something to learn.</summary>
    private static int ClassOf(string token) => char.IsLetter(token[0]) || token[0] == '_' ? 0 : char.IsDigit(token[0]) || token[0] is '"' or '\'' ? 1 : 2;

    private static readonly string[] ClassNames = ["word", "literal", "punctuation"];

    /// <summary>A seeded probe on <paramref name="kept"/> of the full activations.</summary>
    private static LinearProbe Train(ActivationSet full, IReadOnlyList<int> labels, IReadOnlyList<int> kept, int classes)
    {
        var x = full.SelectNeurons(kept);
        var y = ClassLabels.FromIds(labels, ClassNames.Take(classes).ToArray());
        return new ManagedElasticNetProbe(new ProbeOptions { Epochs = 5, Seed = 3 }).Fit(new LabeledActivations(x, y)).Probe;
    }

    /// <summary>Neurons of the given hidden states: units 0, 5 and the last of each.</summary>
    private static int[] NeuronsOf(int hidden, params int[] states) => [.. states.SelectMany(s => new[] { s * hidden, s * hidden + 5, s * hidden + hidden - 1 })];

    private static ActivationSet FullTokens(TransformerActivationSource full) => full.Extract(Code);

    private static IEnumerable<TestCaseData> TokenCases()
    {
        foreach (var model in new[] { "tiny-bert", "tiny-roberta" })
        {
            yield return new TestCaseData(model, new[] { 0 }, 0).SetArgDisplayNames(model, "layer 0");
            yield return new TestCaseData(model, new[] { 0, 1 }, 1).SetArgDisplayNames(model, "layers 0, 1");
            yield return new TestCaseData(model, new[] { 2 }, 2).SetArgDisplayNames(model, "last layer");
        }
        yield return new TestCaseData("tiny-gpt2", new[] { 1, 2 }, 2).SetArgDisplayNames("tiny-gpt2", "last layer");
        yield return new TestCaseData("tiny-t5-encoder", new[] { 0, 2 }, 2).SetArgDisplayNames("tiny-t5-encoder", "last layer");
    }

    [TestCaseSource(nameof(TokenCases))]
    public void TokenTaggingEqualsTheFullPipelineAndSurvivesSaveAndLoad(string model, int[] states, int keptBlocks)
    {
        using var full = TransformerActivationSource.Load(Folder(model));
        var acts = FullTokens(full);
        int h = full.ModelConfig.HiddenSize;
        var kept = NeuronsOf(h, states);
        var labels = acts.Tokens!.Select(ClassOf).ToArray();
        var probe = Train(acts, labels, kept, 3);
        var expected = acts.SelectNeurons(kept);

        using var compact = CompactModel.Create(Folder(model), probe, ClassNames, h);
        Assert.That(compact.KeptBlocks, Is.EqualTo(keptBlocks));
        var features = compact.TokenFeatures(Code);
        AssertClose(features, expected);
        var predictions = compact.PredictTokens(Code);
        Assert.That(predictions.Select(p => p.ClassId), Is.EqualTo(probe.Predict(expected)), "the full pipeline's predictions");
        Assert.That(predictions.Select(p => p.Text), Is.EqualTo(acts.Tokens));
        Assert.That(predictions.Select(p => p.Input), Is.EqualTo(acts.SentenceIndices));

        string saved = Path.Combine(TempDir, "compact");
        compact.Save(saved);
        using var loaded = CompactModel.Load(saved);
        Assert.That(loaded.TokenFeatures(Code).Values.ToArray(), Is.EqualTo(features.Values.ToArray()), "save → load is bit for bit");
        Assert.That(loaded.ClassNames, Is.EqualTo(ClassNames));
        Assert.That(loaded.SourceLayers, Is.EqualTo(full.ModelConfig.NumLayers));
    }

    [TestCase("tiny-bert", 0)]
    [TestCase("tiny-roberta", 1)]
    public void TheSavedFolderIsAHuggingFaceFolderWithExactlyTheKeptLayers(string model, int state)
    {
        using var full = TransformerActivationSource.Load(Folder(model));
        var acts = FullTokens(full);
        int h = full.ModelConfig.HiddenSize;
        var kept = NeuronsOf(h, state);
        using (var compact = CompactModel.Create(Folder(model), Train(acts, acts.Tokens!.Select(ClassOf).ToArray(), kept, 3), ClassNames, h))
            compact.Save(TempDir);

        using var loaded = HfModel.Load(TempDir);
        Assert.That(loaded.Config.NumLayers, Is.EqualTo(state));
        var names = SafeTensorsReader.Read(Path.Combine(TempDir, "model.safetensors")).Keys.ToArray();
        var blocks = names.Where(n => n.StartsWith("encoder.layer.", StringComparison.Ordinal)).Select(n => int.Parse(n.Split('.')[2], System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order();
        Assert.That(blocks, Is.EqualTo(Enumerable.Range(0, state)));
        Assert.That(names.Count(n => n.StartsWith("embeddings.", StringComparison.Ordinal)), Is.EqualTo(5));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(TempDir, "config.json")))!;
        Assert.That((int)config["num_hidden_layers"]!, Is.EqualTo(state));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(TempDir, "manifest.json")))!;
        Assert.That((string)manifest["format"]!, Is.EqualTo(CompactModel.FileFormat));
        Assert.That((int)manifest["version"]!, Is.EqualTo(CompactModel.FileVersion));
        // The truncated model's states are the full model's first ones (the block limit check, through the saved weights).
        var ids = new long[,] { { 0, 5, 7, 9, 2 } };
        var mask = new long[,] { { 1, 1, 1, 1, 1 } };
        using var original = HfModel.Load(Folder(model));
        var a = original.Forward(ids, mask).Values;
        var b = loaded.Forward(ids, mask).Values;
        for (int l = 0; l <= state; l++)
            for (int s = 0; s < 5; s++)
                for (int u = 0; u < h; u++) Assert.That(b[l, 0, s, u], Is.EqualTo(a[l, 0, s, u]), $"state {l}, position {s}, unit {u}");
    }

    [TestCase("tiny-roberta", CompactInput.Snippets, 1)]
    [TestCase("tiny-bert", CompactInput.Pairs, 2)]
    [TestCase("tiny-gpt2", CompactInput.Snippets, 2)]
    public void SnippetsAndPairsEqualTheFullPipeline(string model, CompactInput input, int state)
    {
        var options = new SnippetRepresentationOptions { PairCombination = PairCombination.ConcatDifferenceProduct };
        using var full = SnippetRepresentations.Load(Folder(model), options);
        var pairs = Snippets.Select((s, i) => (s, Snippets[(i + 2) % Snippets.Length])).ToArray();
        var acts = input == CompactInput.Pairs ? full.EncodePairs(pairs) : full.Encode(Snippets);
        int width = acts.Layout.NeuronsPerLayer;
        var kept = NeuronsOf(width, 0, state);
        var labels = Enumerable.Range(0, acts.Rows).Select(i => i % 2).ToArray();
        var probe = Train(acts, labels, kept, 2);
        var expected = acts.SelectNeurons(kept);

        var representation = new CompactRepresentation { Input = input, PairCombination = PairCombination.ConcatDifferenceProduct };
        using var compact = CompactModel.Create(Folder(model), probe, ClassNames[..2], width, representation);
        var features = input == CompactInput.Pairs ? compact.PairFeatures(pairs) : compact.SnippetFeatures(Snippets);
        AssertClose(features, expected);
        var predicted = input == CompactInput.Pairs ? compact.PredictPairs(pairs) : compact.PredictSnippets(Snippets);
        Assert.That(predicted.Select(p => p.ClassId), Is.EqualTo(probe.Predict(expected)));
        Assert.That(() => compact.PredictTokens(Code), Throws.InvalidOperationException.With.Message.Contains("labels " + input.ToString().ToLowerInvariant()));

        compact.Save(TempDir);
        using var loaded = CompactModel.Load(TempDir);
        var again = input == CompactInput.Pairs ? loaded.PairFeatures(pairs) : loaded.SnippetFeatures(Snippets);
        Assert.That(again.Values.ToArray(), Is.EqualTo(features.Values.ToArray()));
    }

    [TestCase("tiny-bert", 1)]
    [TestCase("tiny-roberta", 1)]
    public void JointPairsEqualTheFullJointPipelineAndKeepTheirSettingThroughSaveAndLoad(string model, int state)
    {
        // Joint: each pair one input cut at 20 tokens (specials included), H per layer; the pairs below are cut.
        var options = new SnippetRepresentationOptions { PairInput = PairInput.Joint, MaxLength = 20 };
        using var full = SnippetRepresentations.Load(Folder(model), options);
        var pairs = Snippets.Select((s, i) => (s, Snippets[(i + 2) % Snippets.Length])).ToArray();
        var acts = full.EncodePairs(pairs);
        int h = acts.Layout.NeuronsPerLayer;
        Assert.That(h, Is.EqualTo(full.Layout.NeuronsPerLayer));
        var kept = NeuronsOf(h, 0, state);
        var probe = Train(acts, Enumerable.Range(0, acts.Rows).Select(i => i % 2).ToArray(), kept, 2);
        var expected = acts.SelectNeurons(kept);

        var representation = new CompactRepresentation { Input = CompactInput.Pairs, PairInput = PairInput.Joint, MaxLength = 20 };
        using var compact = CompactModel.Create(Folder(model), probe, ClassNames[..2], h, representation);
        Assert.That(compact.KeptBlocks, Is.EqualTo(state));
        var features = compact.PairFeatures(pairs);
        AssertClose(features, expected);
        Assert.That(compact.PredictPairs(pairs).Select(p => p.ClassId), Is.EqualTo(probe.Predict(expected)));

        compact.Save(TempDir);
        using (var loaded = CompactModel.Load(TempDir))
        {
            Assert.That(loaded.Representation.PairInput, Is.EqualTo(PairInput.Joint));
            Assert.That(loaded.PairFeatures(pairs).Values.ToArray(), Is.EqualTo(features.Values.ToArray()), "save → load is bit for bit");
        }
        // The separate reading of the same H-wide layout is refused (it gives 2H per layer), naming the mismatch.
        var ex = Assert.Throws<InvalidDataException>(() => CompactModel.Create(Folder(model), probe, ClassNames[..2], h, representation with { PairInput = PairInput.Separate }));
        Assert.That(ex!.Message, Does.Contain($"{h} neurons per layer").And.Contain($"gives {2 * h}"));
    }

    [Test]
    public void EmbeddedMiniLmEqualsTheFullPipelineAndItsFolderLoadsAlone()
    {
        var code = Code[..2];
        using var full = TransformerActivationSource.LoadMiniLm();
        var acts = full.Extract(code);
        var kept = NeuronsOf(384, 1, 2);
        var probe = Train(acts, acts.Tokens!.Select(ClassOf).ToArray(), kept, 3);
        var expected = acts.SelectNeurons(kept);
        using (var compact = CompactModel.Create(null, probe, ClassNames, 384))
        {
            Assert.That(compact.KeptBlocks, Is.EqualTo(2));
            AssertClose(compact.TokenFeatures(code), expected);
            compact.Save(TempDir);
        }
        using var loaded = CompactModel.Load(TempDir);
        AssertClose(loaded.TokenFeatures(code), expected);
        Assert.That(loaded.PredictTokens(code).Select(p => p.ClassId), Is.EqualTo(probe.Predict(expected)));
        Assert.That(Directory.GetFiles(TempDir).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "config.json", "manifest.json", "model.safetensors", "probe.json", "tokenizer_config.json", "vocab.txt" }));
    }

    [Test]
    public void ANeuronOutsideTheModelIsNamed()
    {
        // tiny-bert has hidden states 0..2 of 32 neurons; neuron 3 × 32 + 1 = 97 is in layer 3.
        var probe = ProbeOn([1, 97], 32, 4);
        var ex = Assert.Throws<InvalidDataException>(() => CompactModel.Create(Folder("tiny-bert"), probe, ClassNames[..2], 32, source: "report.json"));
        Assert.That(ex!.Message, Does.Contain("report.json").And.Contain("neuron 97").And.Contain("layer 3"));
    }

    [Test]
    public void AWidthOrClassCountOtherThanTheModelsIsNamed()
    {
        var probe = ProbeOn([1, 40], 64, 2);
        var ex = Assert.Throws<InvalidDataException>(() => CompactModel.Create(Folder("tiny-bert"), probe, ClassNames[..2], 64));
        Assert.That(ex!.Message, Does.Contain("64 neurons per layer").And.Contain("gives 32"));
        var classes = Assert.Throws<InvalidDataException>(() => CompactModel.Create(Folder("tiny-bert"), ProbeOn([1], 32, 2), ClassNames, 32));
        Assert.That(classes!.Message, Does.Contain("2 outputs").And.Contain("3 class names"));
    }

    [Test]
    public void CuttingGpt2BeforeItsLastBlockIsRefusedWithTheReason()
    {
        var ex = Assert.Throws<NotSupportedException>(() => CompactModel.Create(Folder("tiny-gpt2"), ProbeOn([1, 33], 32, 3), ClassNames[..2], 32));
        Assert.That(ex!.Message, Does.Contain("final norm"));
    }

    [Test]
    public void ABadSavedNeuronListProbeOrMissingFileIsNamed()
    {
        using (var compact = CompactModel.Create(Folder("tiny-bert"), ProbeOn([1, 40], 32, 2), ClassNames[..2], 32))
            compact.Save(TempDir);
        string manifestPath = Path.Combine(TempDir, "manifest.json");
        string original = File.ReadAllText(manifestPath);

        var manifest = JsonNode.Parse(original)!;
        manifest["neurons"]![1]!["unit"] = 999;
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        var unit = Assert.Throws<InvalidDataException>(() => CompactModel.Load(TempDir));
        Assert.That(unit!.Message, Does.Contain("manifest.json").And.Contain("neurons[1]").And.Contain("unit 999"));

        manifest = JsonNode.Parse(original)!;
        manifest["neurons"]![1]!["layer"] = 2;
        manifest["neurons"]![1]!["hiddenState"] = 2;
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        var layer = Assert.Throws<InvalidDataException>(() => CompactModel.Load(TempDir));
        Assert.That(layer!.Message, Does.Contain("neurons[1]").And.Contain("hidden state 2 is after the 1 blocks kept"));

        File.WriteAllText(manifestPath, original);
        ProbeOn([1, 2, 40], 32, 2).Save(Path.Combine(TempDir, "probe.json"));
        var width = Assert.Throws<InvalidDataException>(() => CompactModel.Load(TempDir));
        Assert.That(width!.Message, Does.Contain("probe.json").And.Contain("3 neurons").And.Contain("lists 2"));

        File.Delete(Path.Combine(TempDir, "model.safetensors"));
        var missing = Assert.Throws<FileNotFoundException>(() => CompactModel.Load(TempDir));
        Assert.That(missing!.Message, Does.Contain("model.safetensors"));
        File.Delete(manifestPath);
        Assert.That(() => CompactModel.Load(TempDir), Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("manifest.json"));
    }

    /// <summary>A probe over the given global ids of a layout of 4 layers × <paramref name="perLayer"/> (random data, 2 classes).</summary>
    private static LinearProbe ProbeOn(int[] ids, int perLayer, int layers)
    {
        var rng = new Random(5);
        var values = Enumerable.Range(0, 20 * ids.Length).Select(_ => (float)rng.NextDouble()).ToArray();
        var x = ActivationSet.Create(values, 20, LayerLayout.Create(layers, perLayer), ids);
        var y = ClassLabels.FromIds(Enumerable.Range(0, 20).Select(i => i % 2).ToArray(), ["a", "b"]);
        return new ManagedElasticNetProbe(new ProbeOptions { Epochs = 1, Seed = 1 }).Fit(new LabeledActivations(x, y)).Probe;
    }

    private static void AssertClose(ActivationSet actual, ActivationSet expected)
    {
        Assert.That(actual.Rows, Is.EqualTo(expected.Rows));
        Assert.That(actual.NeuronIds, Is.EqualTo(expected.NeuronIds));
        var a = actual.Values.ToArray();
        var e = expected.Values.ToArray();
        double max = 0;
        for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - e[i]));
        Assert.That(max, Is.LessThanOrEqualTo(Tolerance), $"max |compact − full| over {a.Length} values");
    }
}
