namespace CodeNeurons.Tests;

/// <summary>Helpers shared by tests: fixture paths and seeded random data.</summary>
internal static class TestData
{
    public static string Fixture(params string[] parts)
        => Path.Combine([TestContext.CurrentContext.TestDirectory, "Fixtures", .. parts]);

    /// <summary>
    /// The folder <c>../shared/data/NAME</c> beside the repository (the maintainers' data, absent from a user's clone).
    /// Marks the test inconclusive — reported as skipped, never as passed — when it is not there.
    /// </summary>
    public static string RequireSharedData(string name)
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CodeNeurons.sln"))) dir = dir.Parent;
        string? folder = dir?.Parent is null ? null : Path.Combine(dir.Parent.FullName, "shared", "data", name);
        Assume.That(folder is not null && Directory.Exists(folder), Is.True, $"../shared/data/{name} is not available beside the repository");
        return folder!;
    }

    /// <summary>Seeded Gaussian matrix [rows, cols] with per-column offsets and scales.</summary>
    public static float[] RandomMatrix(int rows, int cols, int seed, double offsetScale = 5)
    {
        var rng = new Random(seed);
        var offsets = Enumerable.Range(0, cols).Select(_ => offsetScale * (rng.NextDouble() * 2 - 1)).ToArray();
        var x = new float[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                x[r * cols + c] = (float)(offsets[c] + Gaussian(rng) * (1 + c % 3));
        return x;
    }

    public static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Two-pass double-precision Pearson correlation of columns i and j (0 when either is constant).</summary>
    public static double Pearson(float[] x, int rows, int cols, int i, int j)
    {
        double mi = 0, mj = 0;
        for (int r = 0; r < rows; r++) { mi += x[r * cols + i]; mj += x[r * cols + j]; }
        mi /= rows; mj /= rows;
        double sij = 0, sii = 0, sjj = 0;
        for (int r = 0; r < rows; r++)
        {
            double a = x[r * cols + i] - mi, b = x[r * cols + j] - mj;
            sij += a * b; sii += a * a; sjj += b * b;
        }
        return sii == 0 || sjj == 0 ? 0 : sij / Math.Sqrt(sii * sjj);
    }
}
