using System.Runtime.InteropServices;
using CodeNeurons.Data;
using DenseMatrix = MathNet.Numerics.LinearAlgebra.Double.DenseMatrix;

namespace CodeNeurons.Analysis;

/// <summary>Which CKA estimator produced a <see cref="CkaResult"/>.</summary>
public enum CkaMethod
{
    /// <summary>Minibatch CKA with the unbiased HSIC₁ of Song et al. (2012), as in Nguyen et al. (2020).</summary>
    MinibatchUnbiased,

    /// <summary>Minibatch CKA with the biased HSIC₀ = tr(KHLH) / (n − 1)².</summary>
    MinibatchBiased,

    /// <summary>Biased linear CKA on all rows at once (Kornblith et al. 2019): ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F) after centring.</summary>
    FullBiased,
}
