using CodeNeurons.Reporting;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Torch.Interventions;

/// <summary>
/// Running sums of every measure per run (0 = clean, 1 = the chosen neurons, 2… = the random controls), overall and per
/// class, and of the per-layer change; turned into <see cref="EffectMeasure"/>s and <see cref="LayerPropagation"/>s at the end.
/// </summary>
internal sealed class EffectStats(int runs, int layers)
{
    private readonly Dictionary<(string Measure, string? Class), (double[] Sum, long[] Count)> _sums = [];
    private readonly double[,] _norm = new double[runs, layers], _relative = new double[runs, layers];
    private readonly long[] _positions = new long[runs];

    /// <summary>Real token positions of the clean run.</summary>
    public long Tokens { get; private set; }

    private void Add(int run, string measure, string? cls, double value)
    {
        if (!_sums.TryGetValue((measure, cls), out var s)) _sums[(measure, cls)] = s = (new double[runs], new long[runs]);
        s.Sum[run] += value;
        s.Count[run]++;
    }

    private void AddBoth(int run, string measure, string? cls, double value)
    {
        Add(run, measure, null, value);
        if (cls is not null) Add(run, measure, cls, value);
    }

    public void AddRun(int run, RunView view, RunView clean, IReadOnlyList<string> classes)
    {
        string? Name(int c) => c >= 0 && c < classes.Count ? classes[c] : null;
        for (int i = 0; i < view.Lm.Count; i++)
        {
            var (c, p, top, argmax) = view.Lm[i];
            AddBoth(run, "lm.original_token_probability", Name(c), p);
            AddBoth(run, "lm.top1_accuracy", Name(c), top ? 1 : 0);
            AddBoth(run, "lm.prediction_changed", Name(c), argmax != clean.Lm[i].Argmax ? 1 : 0);
        }
        for (int i = 0; i < view.Probe.Count; i++)
        {
            var (label, predicted) = view.Probe[i];
            AddBoth(run, "probe.accuracy", Name(label), predicted == label ? 1 : 0);
            AddBoth(run, "probe.prediction_changed", Name(label), predicted != clean.Probe[i].Predicted ? 1 : 0);
            for (int c = 0; c < classes.Count; c++) Add(run, "probe.predicted_share", classes[c], predicted == c ? 1 : 0);
        }
        for (int i = 0; i < view.Readouts.Count; i++)
        {
            var (readout, predicted) = view.Readouts[i];
            Add(run, readout.Name + ".prediction_changed", null, predicted != clean.Readouts[i].Predicted ? 1 : 0);
            for (int c = 0; c < readout.ClassNames.Count; c++) Add(run, readout.Name + ".predicted_share", readout.ClassNames[c], predicted == c ? 1 : 0);
        }
    }

    public void AddPropagation(int run, HiddenStates clean, HiddenStates changed)
    {
        var a = clean.Values;
        var b = changed.Values;
        long positions = 0;
        for (int r = 0; r < clean.BatchSize; r++)
            for (int p = 0; p < clean.SequenceLength; p++)
            {
                if (clean.AttentionMask[r, p] == 0) continue;
                positions++;
                for (int l = 0; l < clean.LayerCount; l++)
                {
                    double diff = 0, norm = 0;
                    for (int h = 0; h < clean.HiddenSize; h++)
                    {
                        double d = (double)b[l, r, p, h] - a[l, r, p, h];
                        diff += d * d;
                        norm += (double)a[l, r, p, h] * a[l, r, p, h];
                    }
                    _norm[run, l] += Math.Sqrt(diff);
                    _relative[run, l] += norm > 0 ? Math.Sqrt(diff / norm) : 0;
                }
            }
        _positions[run] += positions;
        if (run == 1) Tokens += positions;
    }

    public IReadOnlyList<EffectMeasure> Measures()
    {
        var result = new List<EffectMeasure>();
        foreach (var ((measure, cls), (sum, count)) in _sums.OrderBy(kv => kv.Key.Measure, StringComparer.Ordinal).ThenBy(kv => kv.Key.Class is null ? 0 : 1).ThenBy(kv => kv.Key.Class, StringComparer.Ordinal))
        {
            double Value(int r) => count[r] > 0 ? sum[r] / count[r] : double.NaN;
            double clean = Value(0);
            var controls = Enumerable.Range(2, runs - 2).Select(r => Value(r) - clean).ToArray();
            var (mean, sd) = MeanSd(controls);
            result.Add(new EffectMeasure(measure, cls, (int)count[0], clean, Value(1), Value(1) - clean, mean, sd, controls));
        }
        return result;
    }

    public IReadOnlyList<LayerPropagation> Propagation()
    {
        var result = new List<LayerPropagation>();
        for (int l = 0; l < layers; l++)
        {
            double Norm(int r) => _positions[r] > 0 ? _norm[r, l] / _positions[r] : double.NaN;
            var (mean, sd) = MeanSd(Enumerable.Range(2, runs - 2).Select(Norm).ToArray());
            result.Add(new LayerPropagation(l, Norm(1), _positions[1] > 0 ? _relative[1, l] / _positions[1] : double.NaN, mean, sd));
        }
        return result;
    }

    internal static (double Mean, double Sd) MeanSd(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return (double.NaN, double.NaN);
        double mean = values.Average();
        double sd = values.Count < 2 ? double.NaN : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return (mean, sd);
    }
}
