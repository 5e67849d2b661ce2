using CodeNeurons.Torch.Models;
using TorchSharp;

namespace CodeNeurons.Tests.Models;

/// <summary>
/// The two internal extension points every TorchSharp model shares: a block limit (run only the first k blocks) and a
/// layer hook (see or replace each recorded hidden state). Checked against the same model's full, unhooked run.
/// </summary>
[TestFixture]
public sealed class ModelPlumbingTests
{
    private static readonly string[] Models = ["tiny-roberta", "tiny-bert", "tiny-gpt2", "tiny-t5-encoder", "llama", "qwen2", "starcoder2"];

    private static TorchHiddenStatesModel Load(string name, out long[,] ids, out long[,] mask)
    {
        string folder = name.StartsWith("tiny-", StringComparison.Ordinal)
            ? HfModelParityTests.ModelFolder(name)
            : Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "hf-decoders", "tiny-" + name);
        ids = new long[,] { { 1, 5, 7, 9, 2 }, { 1, 6, 8, 2, 0 } };
        mask = new long[,] { { 1, 1, 1, 1, 1 }, { 1, 1, 1, 1, 0 } };
        return (TorchHiddenStatesModel)HfModel.Load(folder);
    }

    [TestCaseSource(nameof(Models))]
    public void IdentityHookLeavesEveryStateBitForBitAndSeesEachIndexOnce(string name)
    {
        using var model = Load(name, out var ids, out var mask);
        var plain = model.Forward(ids, mask).Values;
        var seen = new List<int>();
        model.LayerHook = (index, hidden) => { seen.Add(index); return hidden; };
        var hooked = model.Forward(ids, mask).Values;
        Assert.That(seen, Is.EqualTo(Enumerable.Range(0, model.Config.NumLayers + 1)));
        Assert.That(hooked, Is.EqualTo(plain));
    }

    [TestCaseSource(nameof(Models))]
    public void BlockLimitReturnsTheFullModelsFirstStates(string name)
    {
        using var model = Load(name, out var ids, out var mask);
        var full = model.Forward(ids, mask).Values;
        int limit = model.Config.NumLayers - 1;
        model.BlockLimit = limit;
        var part = model.Forward(ids, mask).Values;
        Assert.That(part.GetLength(0), Is.EqualTo(limit + 1));
        for (int l = 0; l <= limit; l++)
            for (int b = 0; b < part.GetLength(1); b++)
                for (int s = 0; s < part.GetLength(2); s++)
                    for (int h = 0; h < part.GetLength(3); h++)
                        Assert.That(part[l, b, s, h], Is.EqualTo(full[l, b, s, h]), $"layer {l}, row {b}, position {s}, unit {h}");
    }

    [Test]
    public void HookReplacementFeedsTheNextBlock()
    {
        using var model = Load("tiny-bert", out var ids, out var mask);
        var plain = model.Forward(ids, mask).Values;
        model.LayerHook = (index, hidden) => index == 1 ? torch.zeros_like(hidden) : hidden;
        var changed = model.Forward(ids, mask).Values;
        Assert.That(changed[0, 0, 0, 0], Is.EqualTo(plain[0, 0, 0, 0]), "the embeddings are below the hook");
        Assert.That(changed[1, 0, 0, 0], Is.EqualTo(0f), "layer 1 is replaced");
        Assert.That(changed[2, 0, 0, 0], Is.Not.EqualTo(plain[2, 0, 0, 0]), "layer 2 reads the replaced state");
    }

    [Test]
    public void BlockLimitOutOfRangeNamesTheRange()
    {
        using var model = Load("tiny-bert", out _, out _);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.BlockLimit = model.Config.NumLayers + 1)!;
        Assert.That(e.Message, Does.Contain($"[0, {model.Config.NumLayers}]"));
    }
}
