using System.Text.Json;
using System.Text.Json.Serialization;
using CodeNeurons.Data;

namespace CodeNeurons.Interpretation;

/// <summary>
/// An immutable trained linear probe: scores = W · z(x) + b with W [<see cref="Outputs"/>, <see cref="Neurons"/>], where z is the
/// optional z-scoring with training statistics. Classification probes have one output per class; regression probes one output.
/// </summary>
/// <remarks>
/// The weights apply to the (standardised, if <see cref="IsStandardized"/>) inputs, so |W| compares neurons on one scale.
/// Dalvi et al., AAAI 2019 (NeuroX <c>interpretation.linear_probe</c>).
/// </remarks>
public sealed class LinearProbe
{
    /// <summary>The format tag written in saved files.</summary>
    public const string FileFormat = "codeneurons.linear-probe";

    /// <summary>The current version of the saved format.</summary>
    public const int FileVersion = 1;

    private readonly float[] _weights;
    private readonly float[] _bias;
    private readonly int[] _neuronIds;
    private readonly float[]? _means;
    private readonly float[]? _scales;

    internal LinearProbe(ProbeTask task, int outputs, int[] neuronIds, float[] weights, float[] bias, float[]? means, float[]? scales)
    {
        Task = task;
        Outputs = outputs;
        _neuronIds = neuronIds;
        _weights = weights;
        _bias = bias;
        _means = means;
        _scales = scales;
    }

    /// <summary>Classification or regression.</summary>
    public ProbeTask Task { get; }

    /// <summary>Number of outputs: the class count C, or 1 for regression.</summary>
    public int Outputs { get; }

    /// <summary>Number of classes (equals <see cref="Outputs"/>; 0 for a regression probe).</summary>
    public int Classes => Task == ProbeTask.Classification ? Outputs : 0;

    /// <summary>Number of input neurons N.</summary>
    public int Neurons => _neuronIds.Length;

    /// <summary>Global neuron id of each input column (ascending), as in the training <see cref="ActivationSet.NeuronIds"/>.</summary>
    public IReadOnlyList<int> NeuronIds => _neuronIds;

    /// <summary>All weights, row-major [Outputs, Neurons].</summary>
    public ReadOnlySpan<float> Weights => _weights;

    /// <summary>Bias of each output.</summary>
    public IReadOnlyList<float> Bias => _bias;

    /// <summary>True when inputs are z-scored with <see cref="Means"/> and <see cref="Scales"/> before W is applied.</summary>
    public bool IsStandardized => _means is not null;

    /// <summary>Training mean of each neuron, or null when not standardised.</summary>
    public IReadOnlyList<float>? Means => _means;

    /// <summary>Divisor of each neuron (training standard deviation, 1 for a constant neuron), or null when not standardised.</summary>
    public IReadOnlyList<float>? Scales => _scales;

    /// <summary>One weight.</summary>
    /// <param name="output">Output (class) index.</param>
    /// <param name="column">Column index (not the global neuron id).</param>
    /// <returns>W[output, column].</returns>
    public float Weight(int output, int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(output);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(output, Outputs);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, Neurons);
        return _weights[output * Neurons + column];
    }

    /// <summary>A copy of the weights as a [Outputs, Neurons] matrix.</summary>
    /// <returns>The copy.</returns>
    public float[,] GetWeights()
    {
        var w = new float[Outputs, Neurons];
        for (int c = 0; c < Outputs; c++)
            for (int j = 0; j < Neurons; j++) w[c, j] = _weights[c * Neurons + j];
        return w;
    }

    /// <summary>Weight mass of each column, Σ_c |W[c, j]| (length <see cref="Neurons"/>).</summary>
    /// <returns>The mass per column.</returns>
    public double[] WeightMass()
    {
        var mass = new double[Neurons];
        for (int c = 0; c < Outputs; c++)
            for (int j = 0; j < Neurons; j++) mass[j] += Math.Abs(_weights[c * Neurons + j]);
        return mass;
    }

    /// <summary>Global neuron ids ordered by descending weight mass (ties by ascending id).</summary>
    /// <param name="count">How many to return (clamped to <see cref="Neurons"/>); null returns all.</param>
    /// <returns>The ids, heaviest first.</returns>
    public int[] TopNeuronsByWeight(int? count = null)
    {
        if (count is < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be ≥ 0.");
        var mass = WeightMass();
        var order = Enumerable.Range(0, Neurons).OrderByDescending(j => mass[j]).ThenBy(j => _neuronIds[j]).Select(j => _neuronIds[j]);
        return (count is int k ? order.Take(k) : order).ToArray();
    }

    /// <summary>Raw scores (logits, or the regression output) of every row, row-major [Rows, Outputs].</summary>
    /// <param name="activations">Activations with the same neuron ids as the training set.</param>
    /// <returns>The scores.</returns>
    /// <exception cref="ArgumentException">The activations have other neurons than the probe (the message names both counts).</exception>
    public double[] Scores(ActivationSet activations)
    {
        CheckColumns(activations);
        int n = Neurons, k = Outputs;
        var scores = new double[(long)activations.Rows * k];
        var z = new double[n];
        for (int r = 0; r < activations.Rows; r++) ScoreRow(activations.Row(r), z, scores.AsSpan((int)((long)r * k), k));
        return scores;
    }

    /// <summary>
    /// Raw scores of rows read on demand, a chunk at a time (at most <paramref name="chunkRows"/> rows and 4 M values, so
    /// 16 MB whatever the width); equal to <see cref="Scores(ActivationSet)"/> on the same values.
    /// </summary>
    /// <param name="rows">Rows with the same neuron ids as the training set.</param>
    /// <param name="chunkRows">Most rows read per call (≥ 1).</param>
    /// <returns>The scores, row-major [Rows, Outputs].</returns>
    /// <exception cref="ArgumentException">The rows have other neurons than the probe.</exception>
    public double[] Scores(IActivationRows rows, int chunkRows = 256)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkRows, 1);
        CheckColumns(rows.NeuronIds, "rows", nameof(rows));
        int n = Neurons, k = Outputs, chunk = Math.Clamp(Math.Min(chunkRows, (1 << 22) / n), 1, Math.Max(1, rows.Rows));
        var scores = new double[(long)rows.Rows * k];
        var z = new double[n];
        var x = new float[(long)chunk * n];
        ActivationRows.ForEachChunk(rows, chunk, (start, count) =>
        {
            rows.ReadRows(ActivationRows.Range(start, count), x);
            for (int i = 0; i < count; i++) ScoreRow(x.AsSpan(i * n, n), z, scores.AsSpan((int)((long)(start + i) * k), k));
        });
        return scores;
    }

    /// <summary>Predicted class of each row read on demand (arg-max of <see cref="Scores(IActivationRows, int)"/>; the lowest index wins ties).</summary>
    /// <param name="rows">Rows with the probe's neuron ids.</param>
    /// <returns>One class index per row.</returns>
    /// <exception cref="InvalidOperationException">This is a regression probe.</exception>
    public int[] Predict(IActivationRows rows)
    {
        RequireTask(ProbeTask.Classification, nameof(Predict));
        return ArgMax(Scores(rows));
    }

    private int[] ArgMax(double[] s)
    {
        int k = Outputs;
        var pred = new int[s.Length / k];
        for (int r = 0; r < pred.Length; r++)
        {
            int best = 0;
            for (int c = 1; c < k; c++) if (s[r * k + c] > s[r * k + best]) best = c;
            pred[r] = best;
        }
        return pred;
    }

    private void ScoreRow(ReadOnlySpan<float> row, double[] z, Span<double> scores)
    {
        int n = Neurons;
        for (int j = 0; j < n; j++) z[j] = _means is null ? row[j] : (row[j] - (double)_means[j]) / _scales![j];
        for (int c = 0; c < scores.Length; c++)
        {
            double s = _bias[c];
            var w = _weights.AsSpan(c * n, n);
            for (int j = 0; j < n; j++) s += w[j] * z[j];
            scores[c] = s;
        }
    }

    /// <summary>Predicted class of each row (arg-max of the scores; the lowest index wins ties).</summary>
    /// <param name="activations">Activations with the probe's neuron ids.</param>
    /// <returns>One class index per row.</returns>
    /// <exception cref="InvalidOperationException">This is a regression probe.</exception>
    public int[] Predict(ActivationSet activations)
    {
        RequireTask(ProbeTask.Classification, nameof(Predict));
        return ArgMax(Scores(activations));
    }

    /// <summary>Softmax probabilities, row-major [Rows, Classes].</summary>
    /// <param name="activations">Activations with the probe's neuron ids.</param>
    /// <returns>The probabilities; each row sums to 1.</returns>
    /// <exception cref="InvalidOperationException">This is a regression probe.</exception>
    public double[] PredictProbabilities(ActivationSet activations)
    {
        RequireTask(ProbeTask.Classification, nameof(PredictProbabilities));
        var s = Scores(activations);
        int k = Outputs;
        for (int r = 0; r < activations.Rows; r++) ProbeMath.SoftmaxInPlace(s.AsSpan(r * k, k));
        return s;
    }

    /// <summary>Predicted value of each row (regression probes).</summary>
    /// <param name="activations">Activations with the probe's neuron ids.</param>
    /// <returns>One value per row.</returns>
    /// <exception cref="InvalidOperationException">This is a classification probe.</exception>
    public double[] PredictValues(ActivationSet activations)
    {
        RequireTask(ProbeTask.Regression, nameof(PredictValues));
        return Scores(activations);
    }

    private void RequireTask(ProbeTask task, string method)
    {
        if (Task != task) throw new InvalidOperationException($"{method} needs a {task.ToString().ToLowerInvariant()} probe; this probe is for {Task.ToString().ToLowerInvariant()}.");
    }

    private void CheckColumns(ActivationSet activations)
    {
        ArgumentNullException.ThrowIfNull(activations);
        CheckColumns(activations.NeuronIds, "activation set", nameof(activations));
    }

    private void CheckColumns(IReadOnlyList<int> ids, string what, string name)
    {
        if (ids.Count != Neurons)
            throw new ArgumentException($"The probe was trained on {Neurons} neurons but the {what} has {ids.Count}.", name);
        for (int j = 0; j < Neurons; j++)
        {
            if (ids[j] != _neuronIds[j])
                throw new ArgumentException($"Column {j} of the {what} is neuron {ids[j]} but the probe's column {j} is neuron {_neuronIds[j]}; select the probe's neurons first.", name);
        }
    }

    /// <summary>Saves the probe as JSON (format <see cref="FileFormat"/>, version <see cref="FileVersion"/>), atomically.</summary>
    /// <param name="path">Target file; replaced only once the new file is complete.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var dto = new ProbeFile
        {
            Format = FileFormat,
            Version = FileVersion,
            Task = Task,
            Outputs = Outputs,
            Neurons = Neurons,
            NeuronIds = _neuronIds,
            Weights = _weights,
            Bias = _bias,
            Means = _means,
            Scales = _scales,
        };
        Formats.IoUtil.WriteAtomically(path, (FileStream fs) => JsonSerializer.Serialize(fs, dto, ProbeFileContext.Default.ProbeFile));
    }

    /// <summary>Loads a probe saved by <see cref="Save"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="expectedNeurons">When given, the neuron count the probe must have (the message names both counts otherwise).</param>
    /// <returns>The probe.</returns>
    /// <exception cref="InvalidDataException">The file is not a probe file, has another version, or its arrays disagree with its shape.</exception>
    /// <exception cref="ArgumentException">The probe has another neuron count than <paramref name="expectedNeurons"/>.</exception>
    public static LinearProbe Load(string path, int? expectedNeurons = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ProbeFile? dto;
        try
        {
            using var fs = File.OpenRead(path);
            dto = JsonSerializer.Deserialize(fs, ProbeFileContext.Default.ProbeFile);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a valid probe file: {e.Message}", e);
        }
        if (dto is null || dto.Format != FileFormat)
            throw new InvalidDataException($"'{path}' is not a probe file (format '{dto?.Format}', expected '{FileFormat}').");
        if (dto.Version != FileVersion)
            throw new InvalidDataException($"'{path}' has probe format version {dto.Version}; this library reads version {FileVersion}.");
        int n = dto.Neurons, k = dto.Outputs;
        if (n <= 0 || k <= 0 || dto.NeuronIds is null || dto.NeuronIds.Length != n || dto.Weights is null || dto.Weights.LongLength != (long)n * k
            || dto.Bias is null || dto.Bias.Length != k || (dto.Means is null) != (dto.Scales is null)
            || (dto.Means is not null && (dto.Means.Length != n || dto.Scales!.Length != n))
            || (dto.Task == ProbeTask.Regression && k != 1) || (dto.Task == ProbeTask.Classification && k < 2) || !Enum.IsDefined(dto.Task))
            throw new InvalidDataException($"'{path}' is damaged: its arrays do not match {k} outputs × {n} neurons.");
        if (expectedNeurons is int e2 && e2 != n)
            throw new ArgumentException($"The probe in '{path}' was trained on {n} neurons but {e2} were expected.", nameof(expectedNeurons));
        return new LinearProbe(dto.Task, k, dto.NeuronIds, dto.Weights, dto.Bias, dto.Means, dto.Scales);
    }

    internal sealed class ProbeFile
    {
        public string? Format { get; set; }
        public int Version { get; set; }
        public ProbeTask Task { get; set; }
        public int Outputs { get; set; }
        public int Neurons { get; set; }
        public int[]? NeuronIds { get; set; }
        public float[]? Weights { get; set; }
        public float[]? Bias { get; set; }
        public float[]? Means { get; set; }
        public float[]? Scales { get; set; }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LinearProbe.ProbeFile))]
internal sealed partial class ProbeFileContext : JsonSerializerContext;
