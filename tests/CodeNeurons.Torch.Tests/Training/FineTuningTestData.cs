using CodeNeurons.Tasks;
using CodeNeurons.Torch.Training;

namespace CodeNeurons.Tests.Training;

/// <summary>Toy tasks small enough for the tiny reference checkpoints: class 1 snippets use one set of words, class 0 another.</summary>
internal static class FineTuningTestData
{
    private static readonly string[] Zero = ["alpha", "beta", "gamma", "delta"];
    private static readonly string[] One = ["while", "return", "yield", "import"];

    /// <summary>A separable snippet task: every snippet is 3 to 6 words drawn from its class's word list.</summary>
    public static IReadOnlyList<ClassificationExample> Snippets(int count, int seed)
    {
        var rng = new Random(seed);
        var result = new List<ClassificationExample>();
        for (int i = 0; i < count; i++)
        {
            int label = i % 2;
            var words = label == 1 ? One : Zero;
            int n = 3 + rng.Next(4);
            result.Add(new ClassificationExample(string.Join(' ', Enumerable.Range(0, n).Select(_ => words[rng.Next(words.Length)])), null, label));
        }
        return result;
    }

    public static FineTuningData Defect(int train = 16, int dev = 8) =>
        new(CodeTask.DefectDetection, Snippets(train, 1), Snippets(dev, 2), Snippets(dev, 3));

    /// <summary>A pair task: a pair is a clone (1) when both texts come from the same word list.</summary>
    public static FineTuningData Clone(int train = 16, int dev = 8)
    {
        IReadOnlyList<ClassificationExample> Pairs(int count, int seed)
        {
            var a = Snippets(count, seed);
            var b = Snippets(count, seed + 100);
            return Enumerable.Range(0, count).Select(i =>
            {
                var second = b[(i + (i / 2 % 2)) % count];    // same class for i/2 even, the other class for i/2 odd
                return new ClassificationExample(a[i].First, second.First, a[i].Label == second.Label ? 1 : 0);
            }).ToArray();
        }
        return new(CodeTask.CloneDetection, Pairs(train, 11), Pairs(dev, 12), null);
    }

    public static FineTuningOptions Fast(int epochs = 1) => new()
    {
        Epochs = epochs,
        BatchSize = 4,
        MaxLength = 24,
        LearningRate = 1e-3,
        WarmupFraction = 0.1,
        Seed = 5,
        CpuThreads = 1,    // the tiny models gain nothing from more threads, and the tests share a loaded machine
    };
}
