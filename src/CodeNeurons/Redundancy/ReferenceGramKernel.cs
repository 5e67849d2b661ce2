namespace CodeNeurons.Redundancy;

/// <summary>A naive double-precision Gram kernel: the reference the fast kernels are tested against.</summary>
internal sealed class ReferenceGramKernel : IGramKernel
{
    public static readonly ReferenceGramKernel Instance = new();

    public string Name => "reference";

    public void AddGram(ReadOnlySpan<float> chunk, int rows, int n, Span<double> condensed, Span<double> diagonal, CancellationToken cancellationToken = default)
    {
        GramArguments.Check(chunk, rows, n, condensed, diagonal);
        for (int i = 0; i < n; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double d = 0;
            for (int r = 0; r < rows; r++) { double v = chunk[r * n + i]; d += v * v; }
            diagonal[i] += d;
            long baseIndex = (long)n * i - (long)i * (i + 1) / 2 - i - 1;
            for (int j = i + 1; j < n; j++)
            {
                double s = 0;
                for (int r = 0; r < rows; r++) s += (double)chunk[r * n + i] * chunk[r * n + j];
                condensed[(int)(baseIndex + j)] += s;
            }
        }
    }
}
