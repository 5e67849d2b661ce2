using BenchmarkDotNet.Attributes;
using CodeNeurons.Torch.Interventions;
using CodeNeurons.Torch.Models;
using TorchSharp;

namespace CodeNeurons.Benchmarks;

/// <summary>
/// The cost of an intervention inside the forward pass: the same CodeBERT-size random RoBERTa forward as
/// <see cref="ExtractionBenchmarks"/> without an intervention (baseline), with one zeroed neuron at the middle layer, and
/// with a whole layer patched from another run. Goal: one intervention under 5 % of a forward pass.
/// </summary>
[MemoryDiagnoser]
public class InterventionBenchmarks
{
    private IHiddenStatesModel _model = null!;
    private long[,] _ids = null!;
    private long[,] _mask = null!;
    private NeuronIntervention _zero = null!;
    private NeuronIntervention _patch = null!;

    /// <summary>Batch × sequence length.</summary>
    [ParamsSource(typeof(BenchmarkSizes), nameof(BenchmarkSizes.ExtractionSizes))]
    public string Shape { get; set; } = "4x128";

    /// <summary>Builds the random model, a random batch and the interventions.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (_model, _ids, _mask) = ExtractionBenchmarks.RandomModelAndBatch(Shape);
        int layers = _model.Config.NumLayers, hidden = _model.Config.HiddenSize;
        int middle = layers / 2;
        _zero = NeuronIntervention.Zero([new ModelNeuron(middle, hidden / 3)]);
        _patch = NeuronIntervention.Patched([.. Enumerable.Range(0, hidden).Select(u => new ModelNeuron(middle, u))], PatchSource.Aligned(_model.Forward(_ids, _mask)));
    }

    /// <summary>Frees the model.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _hidden?.Dispose();
        _model.Dispose();
    }

    private torch.Tensor? _hidden;

    /// <summary>
    /// The intervention's own work without the forward pass: the layer hook with one zeroed neuron applied to one hidden
    /// state [batch, seq, hidden] (a copy and an index write), so that its cost can be set against <see cref="NoIntervention"/>
    /// even when the forward pass's noise hides it.
    /// </summary>
    [Benchmark]
    public long HookOnlyOneZeroedNeuron()
    {
        var model = (TorchHiddenStatesModel)_model;
        _hidden ??= torch.randn(_ids.GetLength(0), _ids.GetLength(1), model.Config.HiddenSize);
        using var active = _model.Intervene(_zero);
        using var scope = torch.NewDisposeScope();
        return model.LayerHook!(_zero.Neurons[0].Layer, _hidden).shape[0];
    }

    /// <summary>The forward pass without interventions.</summary>
    [Benchmark(Baseline = true)]
    public int NoIntervention() => _model.Forward(_ids, _mask).LayerCount;

    /// <summary>The forward pass with one neuron zeroed at every position of the middle layer.</summary>
    [Benchmark]
    public int OneZeroedNeuron()
    {
        using var active = _model.Intervene(_zero);
        return _model.Forward(_ids, _mask).LayerCount;
    }

    /// <summary>The forward pass with every neuron of the middle layer patched from another run (managed source states copied in).</summary>
    [Benchmark]
    public int WholeLayerPatched()
    {
        using var active = _model.Intervene(_patch);
        return _model.Forward(_ids, _mask).LayerCount;
    }
}
