using System.Text.Json;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using static CodeNeurons.Tests.Formats.IoTestSupport;

namespace CodeNeurons.Tests.Formats;

/// <summary>(a) Files written by h5py/json exactly as NeuroX writes them load here with exact values, tokens and layout.</summary>
[TestFixture]
public class FixtureTests
{
    private static JsonElement Expected(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture("expected.json")));
        return doc.RootElement.GetProperty(name).Clone();
    }

    [TestCase("f32.hdf5")]
    [TestCase("f16.hdf5")]
    [TestCase("acts.json")]
    [TestCase("space_token.hdf5")]
    public void NeuroxFixtureLoadsExactly(string name)
    {
        var e = Expected(name);
        var set = ActivationFile.Load(Fixture(name));

        Assert.That(set.Layout, Is.EqualTo(new LayerLayout(e.GetProperty("layers").GetInt32(), e.GetProperty("neurons_per_layer").GetInt32())));
        var rows = e.GetProperty("rows").EnumerateArray().ToArray();
        Assert.That(set.Rows, Is.EqualTo(rows.Length));
        var expected = rows.SelectMany(r => r.EnumerateArray().Select(v => (float)v.GetDouble())).ToArray();
        AssertSameBits(set.Values, expected, name);
        Assert.That(set.SentenceIndices, Is.EqualTo(e.GetProperty("sentence_indices").EnumerateArray().Select(v => v.GetInt32()).ToArray()));
        var tok = e.GetProperty("tokens");
        if (tok.ValueKind == JsonValueKind.Null) Assert.That(set.Tokens, Is.Null);
        else Assert.That(set.Tokens, Is.EqualTo(tok.EnumerateArray().Select(t => t.GetString()).ToArray()));
    }

    [Test]
    public void DuplicateSentencesGetTheirOwnRowsAndTokens()
    {
        var set = NeuroxHdf5.Read(Fixture("f32.hdf5"));
        // Sentences 0, 2 and 4 are the same text; the stored keys carry (Occurrence 2) and (Occurrence 3).
        var first = Enumerable.Range(0, set.Rows).Where(r => set.SentenceIndices![r] == 4).Select(r => set.Tokens![r]);
        Assert.That(first, Is.EqualTo(new[] { "def", "foo", "(", "x", ")", ":" }));
        Assert.That(set.Tokens!.Any(t => t.Contains("Occurrence")), Is.False);
    }

    [Test]
    public void Float16FixtureEqualsFloat32WithinHalfRounding()
    {
        var f32 = NeuroxHdf5.Read(Fixture("f32.hdf5"));
        var f16 = NeuroxHdf5.Read(Fixture("f16.hdf5"));
        Assert.That(f16.Layout, Is.EqualTo(f32.Layout));
        int differ = 0;
        for (int i = 0; i < f32.Values.Length; i++)
        {
            float a = f32.Values[i], b = f16.Values[i];
            if (Math.Abs(a) > 65504) continue;
            Assert.That(b, Is.EqualTo((float)(Half)a), $"element {i}");
            if (a != b) differ++;
        }
        Assert.That(differ, Is.GreaterThan(0), "float16 fixture should really be float16");
    }
}
