using System.Runtime.CompilerServices;
using CodeNeurons.Torch.Models;
using static TorchSharp.torch;

namespace CodeNeurons.Torch.Interventions;

/// <summary>
/// The one <see cref="TorchHiddenStatesModel.LayerHook"/> of a model while interventions are attached: it applies every
/// active intervention, in attach order, to one copy of each touched hidden state (one extra tensor per hooked layer per
/// batch; untouched layers are passed through). When the last intervention is detached the model's previous hook (usually
/// none) is restored, so a model without interventions runs exactly as before.
/// </summary>
internal sealed class InterventionHook
{
    private static readonly ConditionalWeakTable<TorchHiddenStatesModel, InterventionHook> s_hooks = [];
    private static readonly Lock s_gate = new();

    private readonly TorchHiddenStatesModel _model;
    private readonly Func<int, Tensor, Tensor>? _previous;
    private readonly List<ActiveInterventions> _active = [];

    private InterventionHook(TorchHiddenStatesModel model)
    {
        _model = model;
        _previous = model.LayerHook;
    }

    internal static void Add(TorchHiddenStatesModel model, ActiveInterventions handle)
    {
        lock (s_gate)
        {
            if (!s_hooks.TryGetValue(model, out var hook))
            {
                hook = new InterventionHook(model);
                s_hooks.Add(model, hook);
                model.LayerHook = hook.Apply;
            }
            hook._active.Add(handle);
        }
    }

    internal static void Remove(TorchHiddenStatesModel model, ActiveInterventions handle)
    {
        lock (s_gate)
        {
            if (!s_hooks.TryGetValue(model, out var hook)) return;
            hook._active.Remove(handle);
            if (hook._active.Count > 0) return;
            model.LayerHook = hook._previous;
            s_hooks.Remove(model);
        }
    }

    /// <summary>Number of attached intervention sets of a model (0 when none, i.e. no hook of ours is installed).</summary>
    internal static int ActiveCount(TorchHiddenStatesModel model)
    {
        lock (s_gate) return s_hooks.TryGetValue(model, out var hook) ? hook._active.Count : 0;
    }

    private Tensor Apply(int layer, Tensor hidden)
    {
        if (_previous is not null) hidden = _previous(layer, hidden);
        NeuronIntervention[] touching;
        lock (s_gate) touching = [.. _active.SelectMany(a => a.Interventions).Where(i => i.Touches(layer))];
        if (touching.Length == 0) return hidden;
        var copy = hidden.clone();
        foreach (var intervention in touching) intervention.ApplyInPlace(layer, copy);
        return copy;
    }
}
