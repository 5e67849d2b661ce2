using System.Text.Json;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using static CodeNeurons.Tests.Formats.IoTestSupport;

namespace CodeNeurons.Tests.Formats;

/// <summary>(b) Files written here are read by h5py/json with NeuroX's loading logic (check_neurox.py).</summary>
[TestFixture]
[NonParallelizable]
public class H5pyInteropTests : TempDirectoryTest
{
    /// <summary>Skips (inconclusive, reported as skipped) when the reference Python is missing.</summary>
    private static void RequirePython() =>
        Assume.That(H5pyAvailable, Is.True, $"{Python} with h5py and numpy is not available");

    private static readonly string[][] Words =
    [
        ["def", "f", "(", "x", ")", ":"],
        ["return", "\"é\\n\"", "+", "1"],
        ["def", "f", "(", "x", ")", ":"],
        ["x"],
        ["def", "f", "(", "x", ")", ":"],
    ];

    private static void AssertSentencesEqual(JsonElement result, ActivationSet set, Func<float, float> convert)
    {
        var sentences = result.GetProperty("sentences").EnumerateArray().ToArray();
        Assert.That(sentences, Has.Length.EqualTo(Words.Length));
        var values = sentences.SelectMany(s => s.EnumerateArray()).SelectMany(r => r.EnumerateArray()).Select(v => (float)v.GetDouble()).ToArray();
        var expected = set.Values.ToArray().Select(convert).ToArray();
        AssertSameBits(values, expected, "values read by NeuroX logic");
        Assert.That(result.GetProperty("num_layers").GetInt32(), Is.EqualTo(set.Layout.Layers));
        Assert.That(result.GetProperty("neurons_per_layer").GetInt32(), Is.EqualTo(set.Layout.NeuronsPerLayer));
    }

    [TestCase(HdfPrecision.Float32, "float32")]
    [TestCase(HdfPrecision.Float16, "float16")]
    public void Hdf5WrittenHereReadsInH5py(HdfPrecision precision, string dtype)
    {
        RequirePython();
        var set = MakeSet(3, 5, Words.Select(w => w.Length).ToArray(), seed: 11, Words, halfSafe: precision == HdfPrecision.Float16);
        string path = Path.Combine(TempDir, "acts.hdf5");
        ActivationFile.Save(set, path, new ActivationSaveOptions { Precision = precision });

        var r = RunChecker(path);
        var datasets = r.GetProperty("datasets");
        for (int s = 0; s < Words.Length; s++)
        {
            var ds = datasets.GetProperty(s.ToString());
            Assert.That(ds.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()), Is.EqualTo(new[] { 3, Words[s].Length, 5 }));
            Assert.That(ds.GetProperty("dtype").GetString(), Is.EqualTo(dtype));
        }
        var s2i = r.GetProperty("sentence_to_index").EnumerateObject().Select(p => (p.Name, p.Value.GetString())).ToArray();
        Assert.That(s2i, Is.EqualTo(new[]
        {
            ("def f ( x ) :", "0"),
            ("return \"é\\n\" + 1", "1"),
            ("def f ( x ) : (Occurrence 2)", "2"),
            ("x", "3"),
            ("def f ( x ) : (Occurrence 3)", "4"),
        }));
        // Serialised as Python's json.dumps (ensure_ascii, ", " / ": " separators).
        Assert.That(r.GetProperty("sentence_to_index_raw").GetString(), Does.StartWith("{\"def f ( x ) :\": \"0\", \"return \\\"\\u00e9\\\\n\\\" + 1\": \"1\""));
        AssertSentencesEqual(r, set, v => v);
    }

    [Test]
    public void JsonWrittenHereReadsInPython()
    {
        RequirePython();
        var set = MakeSet(2, 7, Words.Select(w => w.Length).ToArray(), seed: 12, Words);
        string path = Path.Combine(TempDir, "acts.json");
        ActivationFile.Save(set, path);

        var r = RunChecker(path);
        Assert.That(r.GetProperty("linex_index").EnumerateArray().Select(v => v.GetInt32()), Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
        Assert.That(r.GetProperty("tokens").EnumerateArray().Select(s => s.EnumerateArray().Select(t => t.GetString()!).ToArray()).ToArray(), Is.EqualTo(Words));
        AssertSentencesEqual(r, set, v => v);
    }
}
