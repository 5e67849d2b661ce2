using System.Runtime.InteropServices;
using CodeNeurons.Data;
using DenseMatrix = MathNet.Numerics.LinearAlgebra.Double.DenseMatrix;

namespace CodeNeurons.Analysis;

/// <summary>Progress of minibatch CKA: minibatches done out of the total.</summary>
/// <param name="Completed">Minibatches processed so far.</param>
/// <param name="Total">Minibatches in all.</param>
public sealed record CkaProgress(int Completed, int Total);
