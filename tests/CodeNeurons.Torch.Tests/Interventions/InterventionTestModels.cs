using CodeNeurons.Tests.Models;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Tests.Interventions;

/// <summary>The tiny reference checkpoints every intervention test runs on, and two inputs of the same padded shape.</summary>
internal static class InterventionTestModels
{
    internal static readonly string[] All = ["tiny-roberta", "tiny-bert", "tiny-gpt2", "tiny-t5-encoder", "llama", "qwen2", "starcoder2"];

    internal static readonly long[,] Mask = { { 1, 1, 1, 1, 1 }, { 1, 1, 1, 1, 0 } };

    internal static readonly long[,] InputA = { { 3, 5, 7, 9, 2 }, { 3, 6, 8, 2, 1 } };

    internal static readonly long[,] InputB = { { 3, 11, 4, 13, 2 }, { 3, 17, 19, 2, 1 } };

    internal static string Folder(string name) => name.StartsWith("tiny-", StringComparison.Ordinal)
        ? HfModelParityTests.ModelFolder(name)
        : Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "hf-decoders", "tiny-" + name);

    internal static TorchHiddenStatesModel Load(string name) => (TorchHiddenStatesModel)HfModel.Load(Folder(name));

    /// <summary>Asserts two runs equal bit for bit on the layers [from, to), naming the first difference.</summary>
    internal static void AssertLayersEqual(float[,,,] expected, float[,,,] actual, int from, int to, string what)
    {
        for (int l = from; l < to; l++)
            for (int b = 0; b < expected.GetLength(1); b++)
                for (int s = 0; s < expected.GetLength(2); s++)
                    for (int h = 0; h < expected.GetLength(3); h++)
                        if (BitConverter.SingleToInt32Bits(expected[l, b, s, h]) != BitConverter.SingleToInt32Bits(actual[l, b, s, h]))
                            Assert.Fail($"{what}: layer {l}, row {b}, position {s}, unit {h}: {actual[l, b, s, h]} instead of {expected[l, b, s, h]}.");
    }
}
