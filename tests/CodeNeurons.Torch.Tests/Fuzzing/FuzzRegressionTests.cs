using CodeNeurons.Torch.Models;

namespace CodeNeurons.Tests.Fuzzing;

/// <summary>Inputs the fuzzing harness found in the Torch readers (docs/fuzzing.md), reduced by hand; each is fixed and must stay fixed.</summary>
public sealed class FuzzRegressionTests : TempDirectoryTest
{
    /// <summary>hf-config: a string that is not valid UTF-8 raised InvalidOperationException from JsonElement.GetString.</summary>
    [Test]
    public void ConfigWithInvalidUtf8IsInvalidData()
    {
        string path = Path.Combine(TempDir, "config.json");
        File.WriteAllBytes(path, [.. "{\"model_type\": \"bert\", \"name_or_path\": \"x"u8, 0xFE, .. "\"}"u8]);
        Assert.Throws<InvalidDataException>(() => HfModelConfig.Load(path));
    }
}
