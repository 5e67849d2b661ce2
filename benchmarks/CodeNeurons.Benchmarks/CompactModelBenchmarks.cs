using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Tokenization;
using CodeNeurons.Torch.Compact;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Models;
using TorchSharp;

namespace CodeNeurons.Benchmarks;

/// <summary>
/// Token tagging of the built-in sample snippets (CPU): the full pipeline (every hidden state of the full model, select the
/// chosen neurons, probe) against the compact model (the encoder cut after the last layer used, gather, probe), for neuron
/// sets that stop at hidden state 0, 2 and the last one. Tokens/s = the corpus' code tokens / time. Each case runs in its
/// own process (BenchmarkDotNet's default toolchain) and prints its peak working set at cleanup, so memory is per case.
/// </summary>
[MemoryDiagnoser]
public class CompactModelBenchmarks
{
    private const int NeuronsPerLayer = 10, Classes = 3;
    private IReadOnlyList<CodeSnippet> _corpus = null!;
    private TransformerActivationSource? _full;
    private CompactModel? _compact;
    private LinearProbe _probe = null!;
    private int[] _neurons = null!;

    /// <summary>MiniLM (embedded) or CodeBERT-size (random RoBERTa, 12 × 768, vocab 50,265, with the tiny RoBERTa fixture's tokenizer).</summary>
    [ParamsSource(typeof(BenchmarkSizes), nameof(BenchmarkSizes.CompactModels))]
    public string Model { get; set; } = "MiniLM";

    /// <summary>The last hidden state the chosen neurons use: "0", "2" or "last".</summary>
    [ParamsSource(typeof(BenchmarkSizes), nameof(BenchmarkSizes.CompactStops))]
    public string Stop { get; set; } = "last";

    /// <summary>Loads the full model only.</summary>
    [GlobalSetup(Target = nameof(FullModelAndProbe))]
    public void SetupFull()
    {
        var (model, tokenizer, _) = Load();
        _full = new TransformerActivationSource(model, tokenizer, null, null, ownsModel: true);
        Prepare(model.Config);
    }

    /// <summary>Builds the compact model only (the full model is loaded, cut and freed before the measurement).</summary>
    [GlobalSetup(Target = nameof(CompactModel))]
    public void SetupCompact()
    {
        var (model, tokenizer, files) = Load();
        using (model)
        {
            Prepare(model.Config);
            _compact = Torch.Compact.CompactModel.FromModel(model, tokenizer, files, null, _probe, ["a", "b", "c"], model.Config.HiddenSize, null, "cpu", "benchmark");
        }
        GC.Collect();
    }

    /// <summary>Full model → all hidden states → select → probe.</summary>
    [Benchmark(Baseline = true)]
    public int FullModelAndProbe() => _probe.Predict(_full!.Extract(_corpus).SelectNeurons(_neurons)).Length;

    /// <summary>Compact model: the kept blocks only, the chosen neurons, the probe.</summary>
    [Benchmark]
    public int CompactModel() => _compact!.PredictTokens(_corpus).Count;

    /// <summary>Frees the models and prints the peak working set of this case's process.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _full?.Dispose();
        _compact?.Dispose();
        Console.WriteLine($"// peak working set {Model} stop {Stop} {(_full is null ? "compact" : "full")}: {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)} MiB; code tokens per op: {_corpus.Sum(s => s.ResolveTokens().Count)}");
    }

    private (IHiddenStatesModel Model, ICodeTokenizer Tokenizer, Dictionary<string, byte[]> Files) Load()
    {
        _corpus = CodeCorpus.SampleSnippets();
        if (Model == "MiniLM")
        {
            var vocabulary = MiniLmModel.ReadVocabulary().Split('\n');
            if (vocabulary[^1].Length == 0) vocabulary = vocabulary[..^1];
            return (MiniLmModel.Load(), HfTokenizer.FromWordPieceVocab(vocabulary, MiniLmModel.VocabularyResource, lowercase: true), []);
        }
        bool tiny = Model == "tiny";
        var model = RandomRoberta.Create(tiny ? 2 : 12, tiny ? 32 : 768, tiny ? 4 : 12, tiny ? 64 : 3072, tiny ? 640 : 50265, 20261203, torch.CPU, torch.ScalarType.Float32);
        return (model, HfTokenizer.Load(TinyRobertaFolder()), []);
    }

    /// <summary>A seeded probe over <see cref="NeuronsPerLayer"/> neurons of each of hidden states 0, stop / 2 and stop.</summary>
    private void Prepare(HfModelConfig config)
    {
        int stop = Stop == "last" ? config.NumLayers : int.Parse(Stop, System.Globalization.CultureInfo.InvariantCulture);
        int h = config.HiddenSize;
        _neurons = [.. new[] { 0, stop / 2, stop }.Distinct().SelectMany(l => Enumerable.Range(0, NeuronsPerLayer).Select(u => l * h + u * (h / NeuronsPerLayer)))];
        var rng = new Random(7);
        var weights = Enumerable.Range(0, Classes * _neurons.Length).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        _probe = new LinearProbe(ProbeTask.Classification, Classes, _neurons, weights, [0f, 0f, 0f], null, null);
    }

    /// <summary>The tiny RoBERTa fixture's folder (for its byte-level BPE tokenizer), found above the running assembly.</summary>
    private static string TinyRobertaFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "Fixtures", "hf-models", "tiny-roberta"), Path.Combine(dir.FullName, "tests", "Fixtures", "hf-models", "tiny-roberta") })
                if (Directory.Exists(candidate)) return candidate;
        throw new DirectoryNotFoundException($"tests/Fixtures/hf-models/tiny-roberta was not found above {AppContext.BaseDirectory}.");
    }
}
