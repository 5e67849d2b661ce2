using CodeNeurons.Torch.Interventions;
using CodeNeurons.Torch.Models;
using static CodeNeurons.Tests.Interventions.InterventionTestModels;

namespace CodeNeurons.Tests.Interventions;

/// <summary>
/// The effect of an intervention checked by hand on tiny-bert (2 blocks, hidden 32, 4 heads): the next block computed
/// in float64 from the checkpoint's weights, and the masked-LM and GPT-2 heads computed from their formulas.
/// </summary>
[TestFixture]
public sealed class HandComputedEffectTests : TempDirectoryTest
{
    /// <summary>float32 model against a float64 hand computation: agreement to 1e-4 absolute (the states are layer-normed, |h| ≲ 4).</summary>
    private const double Tolerance = 1e-4;

    [Test]
    public void TheNextBlockChangesAsAHandComputationFromTheWeightsPredicts()
    {
        using var model = Load("tiny-bert");
        var weights = CheckpointLoader.ReadFolder(Folder("tiny-bert"));
        const int layer = 1, unit = 6;
        var plain = model.Forward(InputA, Mask).Values;
        float[,,,] changed;
        using (model.Intervene(NeuronIntervention.Zero([new ModelNeuron(layer, unit)], TokenPositions.At(2))))
            changed = model.Forward(InputA, Mask).Values;
        int hidden = model.Config.HiddenSize;
        for (int row = 0; row < 2; row++)
        {
            // block 2's input: the clean layer-1 state with unit 6 at position 2 set to zero by hand
            var x = Enumerable.Range(0, 5).Select(s => Enumerable.Range(0, hidden).Select(h => s == 2 && h == unit ? 0.0 : plain[layer, row, s, h]).ToArray()).ToArray();
            var mask = Enumerable.Range(0, 5).Select(s => Mask[row, s]).ToArray();
            var expected = HandComputation.BertBlock(x, mask, weights, $"encoder.layer.{layer}.", model.Config.NumHeads, model.Config.LayerNormEps);
            double moved = 0;
            for (int s = 0; s < 5; s++)
            {
                if (mask[s] == 0) continue;
                for (int h = 0; h < hidden; h++)
                {
                    Assert.That(changed[layer + 1, row, s, h], Is.EqualTo(expected[s][h]).Within(Tolerance), $"row {row}, position {s}, unit {h}");
                    moved = Math.Max(moved, Math.Abs(changed[layer + 1, row, s, h] - plain[layer + 1, row, s, h]));
                }
            }
            Assert.That(moved, Is.GreaterThan(100 * Tolerance), "the change is well above the tolerance, so the check can fail");
        }
    }

    [Test]
    public void TheMaskedLmHeadMatchesAHandComputation()
    {
        var checkpoint = new Dictionary<string, CheckpointTensor>(CheckpointLoader.ReadFolder(Folder("tiny-bert")));
        var rng = new Random(5);
        CheckpointTensor Random(params long[] shape) => new(shape, [.. Enumerable.Range(0, (int)shape.Aggregate(1L, (a, b) => a * b)).Select(_ => (float)(rng.NextDouble() - 0.5))]);
        checkpoint["cls.predictions.transform.dense.weight"] = Random(32, 32);
        checkpoint["cls.predictions.transform.dense.bias"] = Random(32);
        checkpoint["cls.predictions.transform.LayerNorm.weight"] = Random(32);
        checkpoint["cls.predictions.transform.LayerNorm.bias"] = Random(32);
        checkpoint["cls.predictions.bias"] = Random(640);
        using var model = Load("tiny-bert");
        var states = model.Forward(InputA, Mask);
        using var head = LanguageModelHead.TryCreate(model.Config, checkpoint, TorchSharp.torch.CPU, TorchSharp.torch.ScalarType.Float32)!;
        Assert.That(head.IsMasked, Is.True);
        var (probability, top, argmax) = head.Score(states, InputA);
        for (int row = 0; row < 2; row++)
            for (int s = 0; s < 5; s++)
            {
                var x = Enumerable.Range(0, 32).Select(h => (double)states.Values[2, row, s, h]).ToArray();
                var t = HandComputation.Linear(x, checkpoint["cls.predictions.transform.dense.weight"], checkpoint["cls.predictions.transform.dense.bias"]).Select(HandComputation.Gelu).ToArray();
                t = HandComputation.LayerNorm(t, checkpoint["cls.predictions.transform.LayerNorm.weight"], checkpoint["cls.predictions.transform.LayerNorm.bias"], model.Config.LayerNormEps);
                var p = HandComputation.Softmax(HandComputation.Linear(t, checkpoint["embeddings.word_embeddings.weight"], checkpoint["cls.predictions.bias"]));
                int best = Array.IndexOf(p, p.Max());
                Assert.That(probability[row, s], Is.EqualTo(p[InputA[row, s]]).Within(1e-6 + 1e-4 * p[InputA[row, s]]), $"row {row}, position {s}");
                Assert.That(argmax[row, s], Is.EqualTo(best), $"row {row}, position {s}");
                Assert.That(top[row, s], Is.EqualTo(best == InputA[row, s]));
            }
    }

    [Test]
    public void GptTwosTiedHeadPredictsTheNextToken()
    {
        using var model = Load("tiny-gpt2");
        var checkpoint = CheckpointLoader.ReadFolder(Folder("tiny-gpt2"));
        var states = model.Forward(InputA, Mask);
        using var head = LanguageModelHead.TryCreate(model.Config, checkpoint, TorchSharp.torch.CPU, TorchSharp.torch.ScalarType.Float32)!;
        Assert.That(head.IsMasked, Is.False);
        var (probability, _, _) = head.Score(states, InputA);
        for (int s = 0; s < 4; s++)
        {
            var x = Enumerable.Range(0, 32).Select(h => (double)states.Values[2, 0, s, h]).ToArray();
            var p = HandComputation.Softmax(HandComputation.Linear(x, checkpoint["wte.weight"], null));
            Assert.That(probability[0, s], Is.EqualTo(p[InputA[0, s + 1]]).Within(1e-6 + 1e-4 * p[InputA[0, s + 1]]), $"position {s}");
        }
        Assert.That(probability[0, 4], Is.NaN, "nothing follows the last position");
    }

    [Test]
    public void ABaseCheckpointHasNoMaskedLmHead()
    {
        using var model = Load("tiny-roberta");
        Assert.That(LanguageModelHead.TryCreate(model.Config, CheckpointLoader.ReadFolder(Folder("tiny-roberta")), TorchSharp.torch.CPU, TorchSharp.torch.ScalarType.Float32), Is.Null);
        Assert.That(LanguageModelHead.Expected("roberta"), Does.Contain("lm_head.dense"));
    }
}
