using CodeNeurons.Interpretation;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Torch.Interventions;

/// <summary>What <see cref="InterventionRunner.Run"/> intervenes on and measures.</summary>
public sealed record InterventionRunOptions
{
    /// <summary>A Hugging Face model folder, or null for the embedded all-MiniLM-L6-v2 (which has no head).</summary>
    public string? Model { get; init; }

    /// <summary>The input corpus (<c>.in</c>: one snippet a line, code tokens separated by spaces; <c>.jsonl</c>).</summary>
    public required string Input { get; init; }

    /// <summary>A NeuroX <c>.label</c> file parallel to <see cref="Input"/> (one concept label per code token), or null.</summary>
    public string? Labels { get; init; }

    /// <summary>The neurons to intervene on.</summary>
    public required IReadOnlyList<ModelNeuron> Neurons { get; init; }

    /// <summary>What to write into them.</summary>
    public InterventionMode Mode { get; init; } = InterventionMode.Zero;

    /// <summary>The constant (<see cref="InterventionMode.Constant"/>) or the steering scale (<see cref="InterventionMode.Steer"/>).</summary>
    public double Value { get; init; }

    /// <summary>The steering direction, one value per neuron; null for 1 each.</summary>
    public IReadOnlyList<float>? Direction { get; init; }

    /// <summary>The patch-source corpus (<see cref="InterventionMode.Patch"/>): as many snippets as <see cref="Input"/>, snippet i patches snippet i.</summary>
    public string? PatchFrom { get; init; }

    /// <summary>How patch-source positions line up with the input's.</summary>
    public PatchAlignment Alignment { get; init; } = PatchAlignment.Position;

    /// <summary>The corpus the means of <see cref="InterventionMode.Mean"/> are taken over; null for <see cref="Input"/>.</summary>
    public string? Reference { get; init; }

    /// <summary>Where to intervene; null for every position.</summary>
    public TokenPositions? Positions { get; init; }

    /// <summary>Random controls: the same intervention on as many random neurons of the same layers (0 for none).</summary>
    public int Controls { get; init; } = 10;

    /// <summary>Seed of the random controls and of the probe trained here.</summary>
    public int Seed { get; init; }

    /// <summary>Snippets per forward pass.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Device: cpu or cuda.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Compute type.</summary>
    public ModelDType DType { get; init; } = ModelDType.Float32;

    /// <summary>Whether to measure the token-prediction head.</summary>
    public EffectHead Head { get; init; } = EffectHead.Auto;

    /// <summary>
    /// A saved <see cref="LinearProbe"/> (<c>codeneurons probe --save-probe</c>) trained on every layer's activations per code
    /// token (extraction's defaults: all layers, last subword); null to train one here on <see cref="ProbeLayer"/> when
    /// <see cref="Labels"/> is given.
    /// </summary>
    public string? Probe { get; init; }

    /// <summary>The hidden state the probe trained here reads; null for the last one.</summary>
    public int? ProbeLayer { get; init; }

    /// <summary>Training options of the probe trained here (seeded with <see cref="Seed"/> unless set).</summary>
    public ProbeOptions? ProbeTraining { get; init; }

    /// <summary>Further classifiers over the hidden states (e.g. a fine-tuned classification head) whose predictions are compared; null for none.</summary>
    public IReadOnlyList<IHiddenStatesReadout>? Readouts { get; init; }

    /// <summary>Checks the options that need no file.</summary>
    /// <exception cref="ArgumentException">An option is out of range or missing for the mode (the message names it).</exception>
    public void Validate()
    {
        if (Neurons is null || Neurons.Count == 0) throw new ArgumentException("No neurons given (--neurons 0:47,7:717).", nameof(Neurons));
        if (Controls < 0) throw new ArgumentException($"Controls is {Controls}; it must be 0 or more.", nameof(Controls));
        if (BatchSize < 1) throw new ArgumentException($"BatchSize is {BatchSize}; it must be at least 1.", nameof(BatchSize));
        if (!double.IsFinite(Value)) throw new ArgumentException($"Value is {Value}; it must be finite.", nameof(Value));
        if (Mode == InterventionMode.Patch && PatchFrom is null) throw new ArgumentException("Patching needs a patch source (--patch-from FILE).", nameof(PatchFrom));
        if (Mode != InterventionMode.Patch && PatchFrom is not null) throw new ArgumentException("A patch source (--patch-from) is only used with --mode patch.", nameof(PatchFrom));
        if (Direction is not null && Mode != InterventionMode.Steer) throw new ArgumentException("A direction is only used with --mode steer.", nameof(Direction));
        if (Probe is not null && Labels is null) throw new ArgumentException("A probe needs labels (--labels FILE.label) to measure accuracy.", nameof(Probe));
    }
}
