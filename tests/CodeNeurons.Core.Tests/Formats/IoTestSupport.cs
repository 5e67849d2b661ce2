using System.Diagnostics;
using System.Text.Json;
using CodeNeurons.Data;

namespace CodeNeurons.Tests.Formats;

/// <summary>Paths, temp folders, python runner and comparison helpers for the IO tests.</summary>
internal static class IoTestSupport
{
    public const string Python = "/usr/bin/python3";

    public static string FixtureDir => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "neurox");

    public static string Fixture(string name) => Path.Combine(FixtureDir, name);

    private static bool? _h5py;

    /// <summary>Whether /usr/bin/python3 can import h5py and numpy.</summary>
    public static bool H5pyAvailable
    {
        get
        {
            if (_h5py is bool b) return b;
            try
            {
                var (rc, _, _) = RunProcess(Python, ["-c", "import h5py, numpy"]);
                _h5py = rc == 0;
            }
            catch (Exception)
            {
                _h5py = false;
            }
            return _h5py.Value;
        }
    }

    public static (int Rc, string Stdout, string Stderr) RunProcess(string exe, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(); throw new TimeoutException($"{exe} timed out"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs the committed NeuroX-style checker on a file and parses its JSON output.</summary>
    public static JsonElement RunChecker(string file)
    {
        var (rc, stdout, stderr) = RunProcess(Python, [Fixture("check_neurox.py"), file]);
        Assert.That(rc, Is.EqualTo(0), $"checker failed: {stderr}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    /// <summary>A set with known awkward values: L × D neurons over sentences of the given lengths.</summary>
    public static ActivationSet MakeSet(int layers, int perLayer, int[] sentenceLengths, int seed, string[][]? words = null, bool halfSafe = false)
    {
        var rng = new Random(seed);
        int rows = sentenceLengths.Sum(), n = layers * perLayer;
        var values = new float[rows * n];
        for (int i = 0; i < values.Length; i++)
        {
            float v = (float)((rng.NextDouble() * 2 - 1) * Math.Pow(10, rng.Next(-4, 4)));
            values[i] = halfSafe ? (float)(Half)v : v;
        }
        if (!halfSafe && values.Length > 4)
        {
            values[0] = 1e-45f;          // subnormal
            values[1] = -0.0f;
            values[2] = 3.4028235e38f;   // float.MaxValue
            values[3] = 0.1f;
            values[4] = 16777217f;       // rounds to 16777216f
        }
        var tokens = new List<string>();
        var sentences = new List<int>();
        for (int s = 0; s < sentenceLengths.Length; s++)
        {
            for (int t = 0; t < sentenceLengths[s]; t++)
            {
                tokens.Add(words?[s][t] ?? $"t{s}_{t}");
                sentences.Add(s);
            }
        }
        return ActivationSet.Create(values, rows, LayerLayout.Create(layers, perLayer), tokens, sentences);
    }

    public static void AssertSameBits(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, string what)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), $"{what}: length");
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(actual[i]) != BitConverter.SingleToInt32Bits(expected[i]))
                Assert.Fail($"{what}: element {i} is {actual[i]:R}, expected {expected[i]:R}");
        }
    }

    public static void AssertSameSet(ActivationSet actual, ActivationSet expected, bool tokens = true)
    {
        Assert.That(actual.Layout, Is.EqualTo(expected.Layout));
        Assert.That(actual.Rows, Is.EqualTo(expected.Rows));
        AssertSameBits(actual.Values, expected.Values, "values");
        if (tokens)
        {
            Assert.That(actual.Tokens, Is.EqualTo(expected.Tokens));
            Assert.That(actual.SentenceIndices, Is.EqualTo(expected.SentenceIndices));
        }
    }
}
