using System.Text.Json;
using CodeNeurons.Analysis;
using CodeNeurons.Formats;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Torch.Analysis;

/// <summary>Settings of <see cref="ProbeRunner.Run"/> (<c>codeneurons probe</c>).</summary>
public sealed record ProbeRunOptions
{
    /// <summary>NeuroX .json/.hdf5 activations or a raw folder (labels from its y.i32).</summary>
    public required string Activations { get; init; }

    /// <summary>A NeuroX .label file (lines parallel to the activations' sentences); null for a raw folder's y.i32.</summary>
    public string? Labels { get; init; }

    /// <summary>A NeuroX .in file checked against the activations' tokens and the labels; null for none.</summary>
    public string? Tokens { get; init; }

    /// <summary>The last F of the rows, in order, are the test set; in (0, 1).</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>The last F of the remaining rows are a dev set for early stopping; in [0, 1).</summary>
    public double DevFraction { get; init; }

    /// <summary>The probe's settings (seed included).</summary>
    public ProbeOptions Probe { get; init; } = new();

    /// <summary>cpu or cuda (the torch implementation).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>The probe implementation.</summary>
    public ProbeImplementation Implementation { get; init; } = ProbeImplementation.Torch;

    /// <summary>
    /// The k of the top-k retraining and ablation, each from 1 to the neuron count (a larger k is an error); null for
    /// the defaults 10, 50 and 100, those that fit the neuron count.
    /// </summary>
    public IReadOnlyList<int>? TopK { get; init; }

    /// <summary>get_top_neurons' share of each class's weight mass.</summary>
    public double TopPercentage { get; init; } = 0.05;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">An invalid setting, named as the command's option.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Activations)) throw new ArgumentException("--activations is missing.", nameof(Activations));
        Probe.Validate();
        if (!(TestFraction > 0 && TestFraction < 1)) throw new ArgumentException($"--test-fraction {TestFraction} must be in (0, 1).", nameof(TestFraction));
        if (!(DevFraction >= 0 && DevFraction < 1)) throw new ArgumentException($"--dev-fraction {DevFraction} must be in [0, 1).", nameof(DevFraction));
        if (Probe.Patience is not null && DevFraction == 0) throw new ArgumentException("--patience needs a dev set: give --dev-fraction.", nameof(DevFraction));
        if (TopK is not null && (TopK.Count == 0 || TopK.Any(k => k < 1))) throw new ArgumentException("--top-k: every k must be a positive integer.", nameof(TopK));
        if (Implementation == ProbeImplementation.Managed && Device != "cpu") throw new ArgumentException("--implementation managed runs on the CPU only.", nameof(Device));
    }
}
