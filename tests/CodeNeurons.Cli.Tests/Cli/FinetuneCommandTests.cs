using System.Text.Json;

namespace CodeNeurons.Tests.Cli;

[NonParallelizable]
public class FinetuneCommandTests : TempDirectoryTest
{
    /// <summary>A defect-detection folder in CodeXGLUE's format: class 1 functions return, class 0 functions pass.</summary>
    private string DefectFolder(int train = 8, int valid = 4)
    {
        string folder = Path.Combine(TempDir, "defect");
        Directory.CreateDirectory(folder);
        void Write(string name, int count)
        {
            var lines = Enumerable.Range(0, count).Select(i => JsonSerializer.Serialize(new
            {
                func = i % 2 == 1 ? $"def f{i}(x):\n    return x + {i}" : $"def g{i}(y):\n    pass",
                target = i % 2,
                idx = i,
            }));
            File.WriteAllLines(Path.Combine(folder, name), lines);
        }
        Write("train.jsonl", train);
        Write("valid.jsonl", valid);
        return folder;
    }

    [Test]
    public void FinetuneWritesAFolderAndPrintsTheEpochs()
    {
        string output = Path.Combine(TempDir, "out");
        var (code, stdout, err) = CliRunner.Run("finetune", "--model", TestData.Fixture("hf-models", "tiny-bert"), "--task", "defect", "--data", DefectFolder(),
            "--output", output, "--epochs", "2", "--batch-size", "4", "--max-length", "32", "--learning-rate", "1e-3", "--seed", "3", "--threads", "1");
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(stdout, Does.Contain("epoch 1: train loss").And.Contain("epoch 2: train loss").And.Contain("BertForSequenceClassification written to"));
        Assert.That(File.Exists(Path.Combine(output, "model.safetensors")) && File.Exists(Path.Combine(output, "vocab.txt")), Is.True);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "config.json")));
        Assert.That(config.RootElement.GetProperty("id2label").GetProperty("0").GetString(), Is.EqualTo("clean"));
    }

    [Test]
    public void BadArgumentsAreClearErrors()
    {
        string data = DefectFolder();
        string model = TestData.Fixture("hf-models", "tiny-bert");
        var (code, _, err) = CliRunner.Run("finetune", "--model", model, "--task", "tagging", "--data", data, "--output", Path.Combine(TempDir, "o"));
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(err, Does.Contain("tagging"));
        (code, _, err) = CliRunner.Run("finetune", "--model", model, "--task", "defect", "--data", data, "--output", data);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("--output").And.Contain("would replace the input"));
        (code, _, err) = CliRunner.Run("finetune", "--model", model, "--task", "defect", "--data", data, "--output", Path.Combine(TempDir, "o"), "--max-length", "600");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("MaxLength is 600"));
        (code, _, err) = CliRunner.Run("finetune", "--model", model, "--task", "clone", "--data", data, "--output", Path.Combine(TempDir, "o"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("train.txt"));
    }
}
