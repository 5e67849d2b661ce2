using System.Numerics;

namespace CodeNeurons.Interpretation;

/// <summary>Small dense kernels shared by the managed probe and prediction.</summary>
internal static class ProbeMath
{
    internal static void SoftmaxInPlace(Span<double> s)
    {
        double max = double.NegativeInfinity;
        foreach (double v in s) max = Math.Max(max, v);
        double sum = 0;
        for (int i = 0; i < s.Length; i++) { s[i] = Math.Exp(s[i] - max); sum += s[i]; }
        for (int i = 0; i < s.Length; i++) s[i] /= sum;
    }

    /// <summary>log Σ exp(s).</summary>
    internal static double LogSumExp(ReadOnlySpan<double> s)
    {
        double max = double.NegativeInfinity;
        foreach (double v in s) max = Math.Max(max, v);
        double sum = 0;
        foreach (double v in s) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }

    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int i = 0;
        double s = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<double>.Count)
        {
            var acc = Vector<double>.Zero;
            for (; i <= a.Length - Vector<double>.Count; i += Vector<double>.Count)
                acc += new Vector<double>(a[i..]) * new Vector<double>(b[i..]);
            s = Vector.Sum(acc);
        }
        for (; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>y += alpha · x.</summary>
    internal static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var va = new Vector<double>(alpha);
            for (; i <= x.Length - Vector<double>.Count; i += Vector<double>.Count)
                (new Vector<double>(y[i..]) + va * new Vector<double>(x[i..])).CopyTo(y[i..]);
        }
        for (; i < x.Length; i++) y[i] += alpha * x[i];
    }
}
