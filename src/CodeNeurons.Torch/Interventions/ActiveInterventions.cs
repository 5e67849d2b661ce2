using CodeNeurons.Torch.Models;

namespace CodeNeurons.Torch.Interventions;

/// <summary>
/// Interventions attached to a model: every forward pass of the model applies them until this object is disposed.
/// Several can be attached at once (they compose in attach order); disposing one removes only its interventions.
/// </summary>
public sealed class ActiveInterventions : IDisposable
{
    private readonly TorchHiddenStatesModel _model;
    private int _disposed;

    internal ActiveInterventions(TorchHiddenStatesModel model, NeuronIntervention[] interventions)
    {
        _model = model;
        Interventions = interventions;
        InterventionHook.Add(model, this);
    }

    /// <summary>The attached interventions, applied in this order at each layer.</summary>
    public IReadOnlyList<NeuronIntervention> Interventions { get; }

    /// <summary>Whether the interventions are still attached.</summary>
    public bool IsActive => Volatile.Read(ref _disposed) == 0;

    /// <summary>Detaches the interventions; a model with none left runs as if none had been attached.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        InterventionHook.Remove(_model, this);
    }
}
