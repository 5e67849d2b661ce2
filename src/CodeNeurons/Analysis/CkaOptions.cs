using System.Runtime.InteropServices;
using CodeNeurons.Data;
using DenseMatrix = MathNet.Numerics.LinearAlgebra.Double.DenseMatrix;

namespace CodeNeurons.Analysis;

/// <summary>Options of minibatch CKA (<see cref="Cka.Compute(ActivationSet, CkaOptions?, IProgress{CkaProgress}?, CancellationToken)"/>).</summary>
public sealed record CkaOptions
{
    /// <summary>Rows (tokens) per minibatch, n. At least 4 with the unbiased estimator (HSIC₁ divides by n − 3), at least 2 otherwise, and at most the number of rows.</summary>
    public int MinibatchSize { get; init; } = 256;

    /// <summary>Number of minibatches the HSIC values are averaged over (≥ 1).</summary>
    public int Minibatches { get; init; } = 10;

    /// <summary>Seed of the minibatch sampling; the same seed and data give the same result.</summary>
    public int Seed { get; init; }

    /// <summary><see langword="true"/> (default) for the unbiased HSIC₁ estimator, <see langword="false"/> for the biased HSIC₀.</summary>
    public bool Unbiased { get; init; } = true;
}
