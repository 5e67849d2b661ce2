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
        Assert.That(err, Does.Contain("codeneurons intervene --mode patch"));
        (code, _, err) = Run("intervene", "--model", model, "--input", input, "--neurons", "1:3", "--head", "lm", "--output", output);
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(err, Does.Contain("cls.predictions"));
        Assert.That(File.Exists(output), Is.False);
    }
}
