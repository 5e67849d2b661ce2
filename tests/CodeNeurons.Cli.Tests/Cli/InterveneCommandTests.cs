using System.Text.RegularExpressions;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Reporting;
using CodeNeurons.Tests.Extraction;

namespace CodeNeurons.Tests.Cli;

/// <summary><c>intervene</c>, the intervention options of <c>extract</c>, and <c>report --effect</c>.</summary>
[NonParallelizable]
public sealed class InterveneCommandTests : TempDirectoryTest
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    private (string Input, string Labels) Corpus()
    {
        string input = Path.Combine(TempDir, "code.in"), labels = Path.Combine(TempDir, "code.label");
        File.WriteAllLines(input, ["int x = 1 ;", "return x + 2 ;", "int y = x ;"]);
        File.WriteAllLines(labels, ["KW ID OP NUM PUNC", "KW ID OP NUM PUNC", "KW ID OP ID PUNC"]);
        return (input, labels);
    }

    [Test]
    public void InterveneWritesAnEffectPerClassThatTheReportShows()
    {
        var (input, labels) = Corpus();
        string effect = Path.Combine(TempDir, "effect.json");
        var (code, stdout, err) = Run("intervene", "--model", ExtractionTestUtil.ModelFolder("tiny-gpt2"), "--input", input, "--labels", labels,
            "--neurons", "1:3,2:7", "--mode", "steer", "--value", "3", "--controls", "2", "--seed", "1", "--output", effect);
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(stdout, Does.Contain("lm.top1_accuracy").And.Contain("probe.accuracy"));
        var result = InterventionEffect.Load(effect);
        Assert.That(result.Neurons, Is.EqualTo(new[] { "1:3", "2:7" }));
        Assert.That(result.Measures.Where(m => m.Measure == "probe.accuracy" && m.Class is not null).Select(m => m.Class), Is.EquivalentTo(new[] { "ID", "KW", "NUM", "OP", "PUNC" }));
        Assert.That(result.Propagation[0].MeanDifferenceNorm, Is.EqualTo(0));
        Assert.That(result.Propagation[1].MeanDifferenceNorm, Is.GreaterThan(0));

        string report = Path.Combine(TempDir, "report.json"), html = Path.Combine(TempDir, "report.html");
        new ReportDocument { Title = "t", Notes = ["n"] }.Save(report);
        (code, _, err) = Run("report", "--input", report, "--effect", effect, "--output", html, "-q");
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(File.ReadAllText(html), Does.Contain("Effect of the concept neurons").And.Contain("probe.accuracy"));
    }

    [Test]
    public void ExtractWritesTheChangedHiddenStates()
    {
        var (input, _) = Corpus();
        string plain = Path.Combine(TempDir, "plain.json"), changed = Path.Combine(TempDir, "changed.json");
        string model = ExtractionTestUtil.ModelFolder("tiny-bert");
        var (code, _, err) = Run("extract", "--model", model, "--input", input, "--output", plain, "--aggregation", "none", "--include-special-tokens", "-q");
        Assert.That(code, Is.EqualTo(0), err);
        (code, _, err) = Run("extract", "--model", model, "--input", input, "--output", changed, "--aggregation", "none", "--include-special-tokens", "-q",
            "--neurons", "1:3", "--mode", "constant", "--value", "2.5");
        Assert.That(code, Is.EqualTo(0), err);
        var a = ActivationFile.Load(plain);
        var b = ActivationFile.Load(changed);
        Assert.That(b.Rows, Is.EqualTo(a.Rows));
        int hidden = a.Layout.NeuronsPerLayer;
        for (int r = 0; r < a.Rows; r++)
        {
            Assert.That(b[r, hidden + 3], Is.EqualTo(2.5f), $"row {r}: layer 1, unit 3");
            for (int h = 0; h < hidden; h++) Assert.That(b[r, h], Is.EqualTo(a[r, h]), $"row {r}: the embeddings are below the intervention");
        }
        Assert.That(Enumerable.Range(0, a.Rows).Any(r => b[r, 2 * hidden] != a[r, 2 * hidden]), Is.True, "layer 2 reads the changed state");

        // --mode mean over the input itself: every row (all real positions) gets the column's mean of the plain run
        string averaged = Path.Combine(TempDir, "mean.json");
        (code, _, err) = Run("extract", "--model", model, "--input", input, "--output", averaged, "--aggregation", "none", "--include-special-tokens", "-q",
            "--neurons", "1:3", "--mode", "mean");
        Assert.That(code, Is.EqualTo(0), err);
        var m = ActivationFile.Load(averaged);
        double mean = Enumerable.Range(0, a.Rows).Average(r => (double)a[r, hidden + 3]);
        for (int r = 0; r < m.Rows; r++) Assert.That(m[r, hidden + 3], Is.EqualTo(mean).Within(1e-5), $"row {r}");
    }

    private static readonly string Model = ExtractionTestUtil.ModelFolder("tiny-bert");

    /// <summary>a.in, and b.in that permutes the code tokens of a.in after the first: the same subword count per line, other states.</summary>
    private (string A, string B) PatchCorpora()
    {
        string a = Path.Combine(TempDir, "a.in"), b = Path.Combine(TempDir, "b.in");
        File.WriteAllLines(a, ["int x = 1 ;", "return x + 2 ;", "int y = x ;"]);
        File.WriteAllLines(b, ["int 1 = x ;", "return 2 + x ;", "int x = y ;"]);
        return (a, b);
    }

    /// <summary>Runs extract on tiny-bert, two snippets a batch (every subword row with the special tokens unless --aggregation is given), and loads the output.</summary>
    private ActivationSet Extract(string input, string name, params string[] more)
    {
        string output = Path.Combine(TempDir, name);
        string[] rows = more.Contains("--aggregation") ? [] : ["--aggregation", "none", "--include-special-tokens"];
        var (code, _, err) = Run(["extract", "--model", Model, "--input", input, "--output", output, "--batch-size", "2", "-q", .. rows, .. more]);
        Assert.That(code, Is.EqualTo(0), err);
        return ActivationFile.Load(output);
    }

    [Test]
    public void ExtractPatchesEveryNeuronOfALayerFromAnotherFileLineByLine()
    {
        var (a, b) = PatchCorpora();
        var plainA = Extract(a, "a.hdf5");
        var plainB = Extract(b, "b.hdf5");
        int hidden = plainA.Layout.NeuronsPerLayer;
        string layer1 = string.Join(",", Enumerable.Range(0, hidden).Select(u => $"1:{u}"));
        var patched = Extract(a, "patched.hdf5", "--neurons", layer1, "--mode", "patch", "--patch-from", b);
        Assert.That(patched.Rows, Is.EqualTo(plainA.Rows));
        Assert.That(Enumerable.Range(0, plainA.Rows).Any(r => plainA[r, hidden] != plainB[r, hidden]), Is.True, "precondition: a and b differ at layer 1");
        for (int r = 0; r < plainA.Rows; r++)
            for (int j = 0; j < plainA.Layout.Neurons; j++)
                Assert.That(patched[r, j], Is.EqualTo(j < hidden ? plainA[r, j] : plainB[r, j]), $"row {r}, layer {j / hidden}: below 1 the input's, from 1 on the source's");
    }

    [Test]
    public void ExtractPatchesByCodeTokenFromAFileOfOtherSubwordCounts()
    {
        var (a, _) = PatchCorpora();
        // By code token, from a file of other subword counts, the patched unit of each code token (last subword) is the source's.
        string c = Path.Combine(TempDir, "c.in");
        File.WriteAllLines(c, ["long identifier = 12345 ;", "return counterValue * 2 ;", "int y = x ;"]);
        var tokensA = Extract(a, "tokens-a.json", "--aggregation", "last");
        var tokensC = Extract(c, "tokens-c.json", "--aggregation", "last");
        var byToken = Extract(a, "tokens-patched.json", "--aggregation", "last", "--neurons", "1:5", "--mode", "patch", "--patch-from", c, "--align", "code-token");
        int hidden = tokensA.Layout.NeuronsPerLayer;
        Assert.That(Enumerable.Range(0, tokensA.Rows).Any(r => tokensA[r, hidden + 5] != tokensC[r, hidden + 5]), Is.True, "precondition: a and c differ at 1:5");
        for (int r = 0; r < tokensA.Rows; r++)
        {
            Assert.That(byToken[r, hidden + 5], Is.EqualTo(tokensC[r, hidden + 5]).Within(1e-5), $"row {r}: 1:5 from the source");
            Assert.That(byToken[r, hidden + 6], Is.EqualTo(tokensA[r, hidden + 6]).Within(1e-5), $"row {r}: 1:6 is the input's");
        }
    }

    [Test]
    public void ExtractPatchSourcesThatDoNotLineUpAreClearErrors()
    {
        // Another line count, another length: errors naming both files, the counts or the line and lengths; no output written.
        var (a, _) = PatchCorpora();
        string model = Model;
        string d = Path.Combine(TempDir, "d.in"), output = Path.Combine(TempDir, "bad.hdf5");
        File.WriteAllLines(d, ["int 1 = x ;", "return 2 + x + 3 ;"]);
        var (code, _, err) = Run("extract", "--model", model, "--input", a, "--output", output, "--neurons", "1:3", "--mode", "patch", "--patch-from", d);
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(err, Does.Contain($"The patch source {d} has 2 snippets but the input {a} has 3"));
        File.AppendAllLines(d, ["int x = y ;"]);
        (code, _, err) = Run("extract", "--model", model, "--input", a, "--output", output, "--neurons", "1:3", "--mode", "patch", "--patch-from", d);
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(err, Does.Match($"Snippet 2: the patch source {Regex.Escape(d)} has \\d+ subwords but the input {Regex.Escape(a)} has \\d+; .*--align code-token"));
        Assert.That(File.Exists(output), Is.False);
        (code, _, err) = Run("extract", "--model", model, "--input", a, "--output", a, "--neurons", "1:3", "--mode", "patch", "--patch-from", d);
        Assert.That(code, Is.Not.EqualTo(0));
        (code, _, err) = Run("extract", "--model", model, "--input", a, "--output", d, "--neurons", "1:3", "--mode", "patch", "--patch-from", d);
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(err, Does.Contain("--patch-from"), "the output never overwrites the patch source");
    }

    [Test]
    public void BadInterventionOptionsAreClearErrors()
    {
        var (input, _) = Corpus();
        string model = ExtractionTestUtil.ModelFolder("tiny-bert"), output = Path.Combine(TempDir, "out.json");
        var (code, _, err) = Run("intervene", "--model", model, "--input", input, "--neurons", "1:40", "--output", output);
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(err, Does.Contain("unit 40 is outside [0, 31]"));
        (code, _, err) = Run("extract", "--model", model, "--input", input, "--neurons", "1:3", "--mode", "patch", "--output", output);
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(err, Does.Contain("--mode patch needs a patch source: --patch-from FILE"));
        (code, _, err) = Run("extract", "--model", model, "--input", input, "--patch-from", input, "--output", output);
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(err, Does.Contain("need --neurons"));
        (code, _, err) = Run("intervene", "--model", model, "--input", input, "--neurons", "1:3", "--head", "lm", "--output", output);
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(err, Does.Contain("cls.predictions"));
        Assert.That(File.Exists(output), Is.False);
    }
}
