using System.Runtime.InteropServices;
using CodeNeurons.Data;
using DenseMatrix = MathNet.Numerics.LinearAlgebra.Double.DenseMatrix;

namespace CodeNeurons.Analysis;

/// <summary>
/// The symmetric L × L matrix of CKA similarities between the layers of an activation set (an immutable result).
/// </summary>
public sealed class CkaResult
{
    private readonly double[,] _matrix;
    private readonly int[] _layers;

    internal CkaResult(double[,] matrix, int[] layers, CkaMethod method, int minibatchSize, int minibatches, int? seed)
    {
        _matrix = matrix;
        _layers = layers;
        Method = method;
        MinibatchSize = minibatchSize;
        Minibatches = minibatches;
        Seed = seed;
    }

    /// <summary>The layers compared (indices into the model's layout, ascending); row/column i of the matrix is layer <c>Layers[i]</c>.</summary>
    public IReadOnlyList<int> Layers => _layers;

    /// <summary>Number of layers compared (the matrix is Count × Count).</summary>
    public int Count => _layers.Length;

    /// <summary>The estimator used.</summary>
    public CkaMethod Method { get; }

    /// <summary>Rows per minibatch, or the number of rows for <see cref="CkaMethod.FullBiased"/>.</summary>
    public int MinibatchSize { get; }

    /// <summary>Number of minibatches averaged over (1 for <see cref="CkaMethod.FullBiased"/>).</summary>
    public int Minibatches { get; }

    /// <summary>The sampling seed, or <see langword="null"/> when minibatches were given explicitly or all rows were used.</summary>
    public int? Seed { get; }

    /// <summary>CKA between the i-th and j-th compared layers (positions in <see cref="Layers"/>, not layer numbers);
    /// <see cref="double.NaN"/> when it is undefined: either layer is constant over the rows (0 / 0).</summary>
    /// <param name="i">Row position in [0, Count).</param>
    /// <param name="j">Column position in [0, Count).</param>
    public double this[int i, int j] => _matrix[i, j];

    /// <summary>CKA between two layers given by their layer numbers.</summary>
    /// <param name="layerA">A layer in <see cref="Layers"/>.</param>
    /// <param name="layerB">A layer in <see cref="Layers"/>.</param>
    /// <returns>The similarity.</returns>
    /// <exception cref="ArgumentException">A layer was not compared.</exception>
    public double Between(int layerA, int layerB) => _matrix[PositionOf(layerA, nameof(layerA)), PositionOf(layerB, nameof(layerB))];

    /// <summary>A copy of the matrix.</summary>
    /// <returns>A new Count × Count array.</returns>
    public double[,] ToArray() => (double[,])_matrix.Clone();

    private int PositionOf(int layer, string name)
    {
        int p = Array.IndexOf(_layers, layer);
        if (p < 0) throw new ArgumentException($"Layer {layer} was not compared (layers: {string.Join(", ", _layers)}).", name);
        return p;
    }
}
