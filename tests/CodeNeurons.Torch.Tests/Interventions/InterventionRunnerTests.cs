using CodeNeurons.Torch.Interventions;
using static CodeNeurons.Tests.Interventions.InterventionTestModels;

namespace CodeNeurons.Tests.Interventions;

/// <summary>The effect runner behind <c>codeneurons intervene</c>: measures, seeded random controls, propagation and input errors.</summary>
[TestFixture]
public sealed class InterventionRunnerTests : TempDirectoryTest
{
    private (string Input, string Labels) WriteCorpus()
    {
        string input = Path.Combine(TempDir, "code.in"), labels = Path.Combine(TempDir, "code.label");
        File.WriteAllLines(input, ["int x = 1 ;", "return x + 2 ;", "int y = x ;", "x = y + 3 ;"]);
        File.WriteAllLines(labels, ["KW ID OP NUM PUNC", "KW ID OP NUM PUNC", "KW ID OP ID PUNC", "ID OP ID OP NUM PUNC"]);
        return (input, labels);
    }

    private InterventionRunOptions Options(string model, int seed = 7)
    {
        var (input, labels) = WriteCorpus();
        return new InterventionRunOptions
        {
            Model = Folder(model), Input = input, Labels = labels, Neurons = [new(1, 3), new(1, 5)], Controls = 2, Seed = seed, BatchSize = 4,
            ProbeTraining = new() { Seed = seed, Epochs = 5, LearningRate = 1e-2 },
        };
    }

    [Test]
    public void ZeroAblationIsMeasuredOnTheHeadTheProbeAndEveryLayerAgainstSeededControls()
    {
        var options = Options("tiny-gpt2");
        var effect = InterventionRunner.Run(options);
        Assert.Multiple(() =>
        {
            Assert.That(effect.Snippets, Is.EqualTo(4));
            Assert.That(effect.Propagation.Select(p => p.Layer), Is.EqualTo(new[] { 0, 1, 2 }));
            Assert.That(effect.Propagation[0].MeanDifferenceNorm, Is.EqualTo(0), "nothing changes below the intervened layer");
            Assert.That(effect.Propagation[0].ControlMean, Is.EqualTo(0));
            Assert.That(effect.Propagation[1].MeanDifferenceNorm, Is.GreaterThan(0));
            Assert.That(effect.Propagation[2].MeanDifferenceNorm, Is.GreaterThan(0), "the change propagates to the last layer");
            var measures = effect.Measures.Select(m => (m.Measure, m.Class)).ToList();
            foreach (var name in new[] { "lm.original_token_probability", "lm.top1_accuracy", "lm.prediction_changed", "probe.accuracy", "probe.prediction_changed" })
                Assert.That(measures, Does.Contain((name, (string?)null)), name);
            foreach (var cls in new[] { "ID", "KW", "NUM", "OP", "PUNC" })
                Assert.That(measures, Does.Contain(("probe.accuracy", (string?)cls)), cls);
            var probe = effect.Measures.Single(m => m.Measure == "probe.accuracy" && m.Class is null);
            Assert.That(probe.Rows, Is.EqualTo(21), "one row per code token");
            Assert.That(probe.ControlEffects, Has.Count.EqualTo(2));
            Assert.That(probe.ControlMean, Is.EqualTo(probe.ControlEffects.Average()).Within(1e-12));
            var changed = effect.Measures.Single(m => m.Measure == "lm.prediction_changed" && m.Class is null);
            Assert.That(changed.Clean, Is.EqualTo(0));
            Assert.That(changed.Effect, Is.EqualTo(changed.Intervened));
            var shares = effect.Measures.Where(m => m.Measure == "probe.predicted_share").ToList();
            Assert.That(shares.Sum(m => m.Clean), Is.EqualTo(1).Within(1e-12), "the predicted-label distribution sums to 1");
        });
        Assert.That(InterventionRunner.Run(options).ToJson(), Is.EqualTo(effect.ToJson()), "same seed, same effect");
    }

    [Test]
    public void PatchingFromTheInputItselfHasNoEffect()
    {
        var options = Options("tiny-bert") with { Mode = InterventionMode.Patch, Labels = null, Controls = 2 };
        options = options with { PatchFrom = options.Input };
        var effect = InterventionRunner.Run(options);
        Assert.That(effect.Propagation.Select(p => p.MeanDifferenceNorm), Is.All.EqualTo(0));
        Assert.That(effect.Propagation.Select(p => p.ControlMean), Is.All.EqualTo(0));
    }

    [Test]
    public void AskingForAHeadTheCheckpointLacksNamesTheWeights()
    {
        var options = Options("tiny-roberta") with { Head = EffectHead.LanguageModel };
        var e = Assert.Throws<InvalidOperationException>(() => InterventionRunner.Run(options))!;
        Assert.That(e.Message, Does.Contain("lm_head.dense").And.Contain("--head none"));
    }

    [Test]
    public void LabelsThatDoNotMatchTheInputNameTheLine()
    {
        var options = Options("tiny-bert");
        File.WriteAllLines(options.Labels!, ["KW ID OP NUM PUNC", "KW ID", "KW ID OP ID PUNC", "ID OP ID OP NUM PUNC"]);
        var e = Assert.Throws<InvalidDataException>(() => InterventionRunner.Run(options))!;
        Assert.That(e.Message, Does.Contain("line 2: 2 labels").And.Contain("5 code tokens"));
    }

    [Test]
    public void APatchSourceOfAnotherLengthNamesTheSnippet()
    {
        var options = Options("tiny-bert") with { Mode = InterventionMode.Patch, Labels = null, Controls = 0 };
        string other = Path.Combine(TempDir, "other.in");
        File.WriteAllLines(other, ["int x = 1 ;", "return x ;", "int y = x ;", "x = y + 3 ;"]);
        var e = Assert.Throws<ArgumentException>(() => InterventionRunner.Run(options with { PatchFrom = other }))!;
        Assert.That(e.Message, Does.Contain("Snippet 2").And.Contain("align by code token"));
    }

    [Test]
    public void RandomControlsAreSeededDistinctAndFromTheSameLayers()
    {
        ModelNeuron[] chosen = [new(1, 3), new(1, 5), new(2, 0)];
        var a = InterventionRunner.RandomControls(chosen, 8, 20, seed: 4);
        var b = InterventionRunner.RandomControls(chosen, 8, 20, seed: 4);
        var c = InterventionRunner.RandomControls(chosen, 8, 20, seed: 5);
        Assert.That(a.Select(s => string.Join(",", s)), Is.EqualTo(b.Select(s => string.Join(",", s))));
        Assert.That(a.Select(s => string.Join(",", s)), Is.Not.EqualTo(c.Select(s => string.Join(",", s))));
        foreach (var set in a)
        {
            Assert.That(set.Select(n => n.Layer), Is.EqualTo(chosen.Select(n => n.Layer)));
            Assert.That(set, Is.Unique);
            Assert.That(set.Intersect(chosen), Is.Empty);
        }
        Assert.That(a.SelectMany(s => s).Where(n => n.Layer == 1).Select(n => n.Unit).Distinct().Count(), Is.EqualTo(6), "every other unit of layer 1 is drawn at some point");
        Assert.That(Assert.Throws<ArgumentException>(() => InterventionRunner.RandomControls([new(0, 0), new(0, 1)], 3, 1, 0))!.Message, Does.Contain("only 1 other units"));
    }

    [Test]
    public void APluggedInReadoutIsComparedWithAndWithoutTheIntervention()
    {
        // The readout reads layer 2, unit 0 at the first position; a constant of 100 there makes every snippet "positive".
        var options = Options("tiny-bert") with { Labels = null, Neurons = [new(2, 0)], Mode = InterventionMode.Constant, Value = 100, Controls = 1, Readouts = [new SignReadout()] };
        var effect = InterventionRunner.Run(options);
        var positive = effect.Measures.Single(m => m.Measure == "sign.predicted_share" && m.Class == "positive");
        var changed = effect.Measures.Single(m => m.Measure == "sign.prediction_changed");
        Assert.That(positive.Intervened, Is.EqualTo(1));
        Assert.That(changed.Intervened, Is.EqualTo(1 - positive.Clean).Within(1e-12), "exactly the snippets that were negative changed");
        Assert.That(positive.Rows, Is.EqualTo(4));
    }

    private sealed class SignReadout : IHiddenStatesReadout
    {
        public string Name => "sign";

        public IReadOnlyList<string> ClassNames => ["negative", "positive"];

        public int[] Predict(CodeNeurons.Torch.Models.HiddenStates states) =>
            [.. Enumerable.Range(0, states.BatchSize).Select(b => states.Values[2, b, 0, 0] > 0 ? 1 : 0)];
    }
}
