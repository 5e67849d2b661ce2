using CodeNeurons.Torch.Models;

namespace CodeNeurons.Tests.Interventions;

/// <summary>Managed float64 building blocks of BERT and its masked-LM head, written from the formulas, to check the TorchSharp runs by hand.</summary>
internal static class HandComputation
{
    /// <summary>y = x·Wᵀ + b for one row; W is [out, in] row-major.</summary>
    internal static double[] Linear(double[] x, CheckpointTensor w, CheckpointTensor? b)
    {
        int outs = (int)w.Shape[0], ins = (int)w.Shape[1];
        var y = new double[outs];
        for (int o = 0; o < outs; o++)
        {
            double s = b is null ? 0 : b.Data[o];
            for (int i = 0; i < ins; i++) s += w.Data[o * ins + i] * x[i];
            y[o] = s;
        }
        return y;
    }

    internal static double[] LayerNorm(double[] x, CheckpointTensor gamma, CheckpointTensor beta, double eps)
    {
        double mean = x.Average(), variance = x.Sum(v => (v - mean) * (v - mean)) / x.Length;
        return [.. x.Select((v, i) => (v - mean) / Math.Sqrt(variance + eps) * gamma.Data[i] + beta.Data[i])];
    }

    /// <summary>GELU with the exact error function: x · Φ(x).</summary>
    internal static double Gelu(double x) => 0.5 * x * (1 + Erf(x / Math.Sqrt(2)));

    /// <summary>erf by its Maclaurin series (|x| ≤ 3) or the continued fraction of erfc; accurate to ~1e-14 for the ranges here.</summary>
    internal static double Erf(double x)
    {
        double ax = Math.Abs(x);
        if (ax <= 3)
        {
            double term = ax, sum = ax;
            for (int n = 1; n < 100; n++)
            {
                term *= -ax * ax / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17) break;
            }
            return Math.Sign(x) * 2 / Math.Sqrt(Math.PI) * sum;
        }
        double f = 0;
        for (int n = 60; n >= 1; n--) f = n / 2.0 / (ax + f);
        double erfc = Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / (ax + f);
        return Math.Sign(x) * (1 - erfc);
    }

    internal static double[] Softmax(double[] x)
    {
        double max = x.Max();
        var e = x.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return [.. e.Select(v => v / sum)];
    }

    /// <summary>One post-norm BERT block over one row [seq, hidden], keys masked where <paramref name="mask"/> is 0.</summary>
    internal static double[][] BertBlock(double[][] x, long[] mask, IReadOnlyDictionary<string, CheckpointTensor> w, string p, int heads, double eps)
    {
        int seq = x.Length, hidden = x[0].Length, size = hidden / heads;
        var q = x.Select(r => Linear(r, w[p + "attention.self.query.weight"], w[p + "attention.self.query.bias"])).ToArray();
        var k = x.Select(r => Linear(r, w[p + "attention.self.key.weight"], w[p + "attention.self.key.bias"])).ToArray();
        var v = x.Select(r => Linear(r, w[p + "attention.self.value.weight"], w[p + "attention.self.value.bias"])).ToArray();
        var output = new double[seq][];
        for (int i = 0; i < seq; i++)
        {
            var context = new double[hidden];
            for (int h = 0; h < heads; h++)
            {
                var scores = new double[seq];
                for (int j = 0; j < seq; j++)
                {
                    double s = 0;
                    for (int d = 0; d < size; d++) s += q[i][h * size + d] * k[j][h * size + d];
                    scores[j] = mask[j] == 1 ? s / Math.Sqrt(size) : double.NegativeInfinity;
                }
                var attention = Softmax(scores);
                for (int j = 0; j < seq; j++)
                    for (int d = 0; d < size; d++) context[h * size + d] += attention[j] * v[j][h * size + d];
            }
            var attended = Linear(context, w[p + "attention.output.dense.weight"], w[p + "attention.output.dense.bias"]);
            var x1 = LayerNorm([.. attended.Select((a, d) => a + x[i][d])], w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], eps);
            var ff = Linear(x1, w[p + "intermediate.dense.weight"], w[p + "intermediate.dense.bias"]).Select(Gelu).ToArray();
            var down = Linear(ff, w[p + "output.dense.weight"], w[p + "output.dense.bias"]);
            output[i] = LayerNorm([.. down.Select((a, d) => a + x1[d])], w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps);
        }
        return output;
    }
}
