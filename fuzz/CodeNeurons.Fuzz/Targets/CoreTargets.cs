// Fuzz targets for the readers of the managed core (src/CodeNeurons). Shared by the harness and by
// tests/CodeNeurons.Core.Tests/Fuzzing/FuzzSmokeTests.cs (compiled there by link), so this file references the core only.
using System.Text;
using System.Text.Json;
using CodeNeurons.Analysis;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Reporting;
using CodeNeurons.Tokenization;

namespace CodeNeurons.Fuzz;

/// <summary>The fuzz targets of src/CodeNeurons: one per reader of outside bytes.</summary>
public static class CoreTargets
{
    /// <summary>Code every loaded tokenizer encodes (ASCII, accents, an astral character, tabs and newlines).</summary>
    internal const string SampleCode = "public int f(String s) { return s.length() + 42; } // é ü 😀\n\tdef g(x): return x**2  # ok\r\n";

    /// <summary>All core targets, in the order of docs/reliability.md.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("neurox-json", NeuroxJsonTarget, [typeof(InvalidDataException)],
            f => FuzzExecution.Files(f, "neurox", "*.json").Where(b => b.Length < 64 << 10)),
        new("neurox-hdf5", NeuroxHdf5Target, [typeof(InvalidDataException)],
            f => FuzzExecution.Files(f, "neurox", "*.hdf5")),
        new("raw-folder", RawFolderTarget, [typeof(InvalidDataException)], RawFolderSeeds),
        new("neurox-text", NeuroxTextTarget, [typeof(InvalidDataException)], NeuroxTextSeeds),
        new("corpus", CorpusTarget, [typeof(InvalidDataException)], CorpusSeeds),
        new("tokenizer-json", TokenizerJsonTarget, [typeof(FormatException), typeof(NotSupportedException)],
            f => FuzzExecution.Files(f, "hf-tokenizers", "tokenizer.json").Concat(FuzzExecution.Files(f, "hf-models", "tokenizer.json"))),
        new("bpe-vocab-merges", BpeFilesTarget, [typeof(FormatException), typeof(NotSupportedException)], BpeSeeds),
        new("wordpiece-vocab", WordPieceTarget, [typeof(FormatException), typeof(NotSupportedException)],
            f => FuzzExecution.Files(f, "hf-tokenizers", "vocab.txt").Concat(FuzzExecution.Files(f, "hf-models", "vocab.txt"))),
        new("ccfs-config", CcfsConfigTarget, [typeof(JsonException), typeof(ArgumentException)], CcfsSeeds),
        new("report-json", ReportJsonTarget, [typeof(InvalidDataException)], ReportSeeds),
        // CodeXGLUE readers (being written in another branch): add their targets here, e.g.
        // new("codexglue-<task>", CodeXglueTarget, [typeof(InvalidDataException)], f => FuzzExecution.Files(f, "codexglue", "*.jsonl")),
    ];

    private static void NeuroxJsonTarget(byte[] input, FuzzScratch scratch)
    {
        string path = scratch.Write("acts.json", input);
        var set = NeuroxJson.Read(path);
        Touch(set);
    }

    private static void NeuroxHdf5Target(byte[] input, FuzzScratch scratch)
    {
        string path = scratch.Write("acts.hdf5", input);
        var set = NeuroxHdf5.Read(path);
        Touch(set);
    }

    /// <summary>Input: [u16 length] meta.json, [u16 length] y.i32 (absent when empty), then X.f32.</summary>
    private static void RawFolderTarget(byte[] input, FuzzScratch scratch)
    {
        var parts = FuzzExecution.SplitLengthPrefixed(input, 3);
        string folder = scratch.CleanFolder("raw", "meta.json", "X.f32", "y.i32");
        File.WriteAllBytes(Path.Combine(folder, "meta.json"), parts[0]);
        if (parts[1].Length > 0) File.WriteAllBytes(Path.Combine(folder, "y.i32"), parts[1]);
        File.WriteAllBytes(Path.Combine(folder, "X.f32"), parts[2]);
        var meta = RawActivationFolder.ReadMeta(folder);
        if (meta.Layout.Neurons != meta.Neurons) throw new InvalidOperationException("layout and meta disagree");
        var set = RawActivationFolder.Read(folder);
        Touch(set);
        using (var stream = RawActivationFolder.OpenStream(folder))
        {
            var buffer = new float[Math.Max(1, meta.Neurons) * 3];
            while (stream.Read(buffer) > 0) { }
        }
        if (parts[1].Length > 0) RawActivationFolder.ReadLabels(folder).Validate();
    }

    private static IEnumerable<byte[]> RawFolderSeeds(string fixtures)
    {
        var set = SyntheticSeedSet();
        using var scratch = new FuzzScratch();
        string folder = Path.Combine(scratch.Folder, "seed");
        RawActivationFolder.Write(set, folder, new RawLabels([0, 1, 0, 1, 1], ["a", "b"]));
        yield return FuzzExecution.JoinLengthPrefixed(File.ReadAllBytes(Path.Combine(folder, "meta.json")),
            File.ReadAllBytes(Path.Combine(folder, "y.i32")), File.ReadAllBytes(Path.Combine(folder, "X.f32")));
        yield return FuzzExecution.JoinLengthPrefixed(File.ReadAllBytes(Path.Combine(folder, "meta.json")), [],
            File.ReadAllBytes(Path.Combine(folder, "X.f32")));
    }

    /// <summary>Input: the <c>.in</c> file, a zero byte, the <c>.label</c> file.</summary>
    private static void NeuroxTextTarget(byte[] input, FuzzScratch scratch)
    {
        var (tokens, labels) = FuzzExecution.SplitAtZero(input);
        string tokensPath = scratch.Write("x.in", tokens), labelsPath = scratch.Write("x.label", labels);
        var t = NeuroxText.ReadTokens(tokensPath);
        var l = NeuroxText.ReadLabels(labelsPath);
        NeuroxText.CheckParallel(t, l);
        var labeled = LabeledTokens.FromFiles(tokensPath, labelsPath);
        if (labeled.Count != t.Flatten().Length) throw new InvalidOperationException("token counts disagree");
        LabeledTokens.FromFiles(tokensPath, labelsPath, TokenSeparator.Space);
    }

    private static IEnumerable<byte[]> NeuroxTextSeeds(string fixtures)
    {
        string dir = Path.Combine(fixtures, "java-token-tagging");
        foreach (var split in new[] { "train", "valid" })
        {
            string inPath = Path.Combine(dir, split + ".in"), labelPath = Path.Combine(dir, split + ".label");
            if (!File.Exists(inPath)) continue;
            // The first 20 lines keep the seeds small (a fuzzer mutates a few bytes; short inputs run faster).
            string Head(string p) => string.Join('\n', File.ReadLines(p).Take(20)) + "\n";
            yield return FuzzExecution.JoinWithZero(Encoding.UTF8.GetBytes(Head(inPath)), Encoding.UTF8.GetBytes(Head(labelPath)));
        }
        yield return FuzzExecution.JoinWithZero("a b\r\nc\n\n"u8.ToArray(), "X Y\rZ\n\n"u8.ToArray());
    }

    private static void CorpusTarget(byte[] input, FuzzScratch scratch)
    {
        bool jsonl = input.Length > 0 && (input[0] & 1) == 1;
        var snippets = CorpusReader.Read(scratch.Write(jsonl ? "corpus.jsonl" : "corpus.in", input.AsSpan(Math.Min(1, input.Length))));
        foreach (var s in snippets) _ = s.ToString();
    }

    private static IEnumerable<byte[]> CorpusSeeds(string fixtures)
    {
        yield return [0, .. "int x = 1 ;\nreturn x ;\n"u8];
        yield return [1, .. "{\"text\": \"def f(x):\\n    return x\"}\n{\"text\": \"a = 'é'\"}\r\n"u8];
    }

    private static void TokenizerJsonTarget(byte[] input, FuzzScratch scratch)
    {
        var tokenizer = HfTokenizer.FromTokenizerJson(scratch.Write("tokenizer.json", input));
        Encode(tokenizer);
    }

    /// <summary>Input: vocab.json, a zero byte, merges.txt.</summary>
    private static void BpeFilesTarget(byte[] input, FuzzScratch scratch)
    {
        var (vocab, merges) = FuzzExecution.SplitAtZero(input);
        string vocabPath = scratch.Write("vocab.json", vocab), mergesPath = scratch.Write("merges.txt", merges);
        Encode(HfTokenizer.FromBpeFiles(vocabPath, mergesPath, TokenizerFlavor.Roberta));
        Encode(HfTokenizer.FromBpeFiles(vocabPath, mergesPath, TokenizerFlavor.Gpt2));
    }

    private static IEnumerable<byte[]> BpeSeeds(string fixtures)
    {
        foreach (var root in new[] { "hf-tokenizers", "hf-models" })
        {
            string dir = Path.Combine(fixtures, root);
            if (!Directory.Exists(dir)) continue;
            foreach (var vocab in Directory.EnumerateFiles(dir, "vocab.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                string merges = Path.Combine(Path.GetDirectoryName(vocab)!, "merges.txt");
                if (File.Exists(merges)) yield return FuzzExecution.JoinWithZero(File.ReadAllBytes(vocab), File.ReadAllBytes(merges));
            }
        }
    }

    private static void WordPieceTarget(byte[] input, FuzzScratch scratch)
    {
        string path = scratch.Write("vocab.txt", input);
        Encode(HfTokenizer.FromWordPieceVocab(path, lowercase: true));
        Encode(HfTokenizer.FromWordPieceVocab(path, lowercase: false));
    }

    private static void CcfsConfigTarget(byte[] input, FuzzScratch scratch)
    {
        var options = CcfsOptions.FromJson(Encoding.UTF8.GetString(input));
        // What was read must write back to something that reads again.
        CcfsOptions.FromJson(options.ToJson());
    }

    private static IEnumerable<byte[]> CcfsSeeds(string fixtures)
    {
        yield return Encoding.UTF8.GetBytes(new CcfsOptions().ToJson());
        yield return """
            { // comments and trailing commas are allowed
              "stages": ["oracle", "none", "layerwise", "clustering", "lca", "probeless", "ccfs", "selectivity"],
              "layerDeltas": [1, 2, 3], "clusteringThresholds": [0.1, 0.2, 0.3],
              "neuronDeltaPercent": 1, "pairs": [[3, 1], [2, 1], [1, 1]], "combinedThresholds": [null, 0.3],
              "selectionDeltaPercent": 1,
              "probe": { "l1": 1e-5, "l2": 1e-5, "epochs": 10, "batchSize": 32, "learningRate": 0.001 },
              "seed": 0,
            }
            """u8.ToArray();
    }

    private static void ReportJsonTarget(byte[] input, FuzzScratch scratch)
    {
        var doc = ReportDocument.Load(scratch.Write("report.json", input));
        _ = ReportDocument.FromJson(doc.ToJson());
    }

    private static IEnumerable<byte[]> ReportSeeds(string fixtures)
    {
        yield return Encoding.UTF8.GetBytes(new ReportDocument().ToJson());
        yield return Encoding.UTF8.GetBytes(new ReportDocument
        {
            Title = "t",
            Notes = ["n"],
            Stages = [new StageRow { Name = "s", NeuronsKept = 1, NeuronsTotal = 4 }],
            Timings = [new StageTiming("cluster", 37.25)],
            Settings = [new ReportSetting("seed", "0")],
        }.ToJson());
    }

    private static void Encode(HfTokenizer tokenizer)
    {
        var encoding = tokenizer.Encode(SampleCode);
        _ = tokenizer.Encode(SampleCode, addSpecialTokens: false);
        _ = encoding.ToString();
    }

    /// <summary>Reads every row and token of a set, so lazily checked content is checked.</summary>
    private static void Touch(ActivationSet set)
    {
        double sum = 0;
        for (int r = 0; r < set.Rows; r++)
            foreach (var v in set.Row(r)) sum += v;
        if (set.Tokens is { } tokens) foreach (var t in tokens) sum += t.Length;
        GC.KeepAlive(sum);
    }

    /// <summary>5 tokens in 2 sentences, 2 layers × 2 neurons.</summary>
    internal static ActivationSet SyntheticSeedSet()
    {
        float[] values = new float[5 * 4];
        for (int i = 0; i < values.Length; i++) values[i] = (i * 7 % 11) / 3f - 1.5f;
        return ActivationSet.Create(values, 5, new LayerLayout(2, 2), ["a", "b", "c", "d", "e"], [0, 0, 0, 1, 1]);
    }
}
