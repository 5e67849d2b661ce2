using System.Globalization;
using System.Text.Json;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Torch.Analysis;

/// <summary>Settings of <see cref="ClusterRunner.Run"/> (<c>codeneurons cluster</c>).</summary>
public sealed record ClusterRunOptions
{
    /// <summary>NeuroX activations (a .json/.jsonl or .hdf5/.h5 file, or a raw folder); null for <see cref="Synthetic"/> or the embedded model over <see cref="CodeCorpus.SampleSnippets"/>.</summary>
    public string? Activations { get; init; }

    /// <summary>Cluster <see cref="SyntheticActivations"/> (planted groups) instead, and check they are recovered at threshold 0.5.</summary>
    public bool Synthetic { get; init; }

    /// <summary>The clustering (thresholds, linkage, representatives, seed).</summary>
    public CorrelationClusteringOptions Clustering { get; init; } = new();

    /// <summary>cpu or cuda.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>The Gram kernel.</summary>
    public KernelChoice Kernel { get; init; } = KernelChoice.Auto;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">An invalid setting.</exception>
    public void Validate()
    {
        Clustering.Validate();
        if (Activations is not null && Synthetic) throw new ArgumentException("Give either --activations or --synthetic, not both.", nameof(Synthetic));
    }
}
