using CodeNeurons.Concepts;

namespace CodeNeurons.Tests.Concepts;

internal static class ConceptTestData
{
    /// <summary>
    /// Seeded synthetic corpus: IDENT (many Zipf-distributed types id0…), NUMBER (fewer types n0…), MOD (closed:
    /// pub priv stat fin sync), PUNCT (a few types); sentences of 10 tokens.
    /// </summary>
    public static LabeledTokens Corpus(int rows = 20000, int seed = 1)
    {
        var rng = new Random(seed);
        string[] mods = ["pub", "priv", "stat", "fin", "sync", "vol"];
        var tokens = new string[rows];
        var labels = new string[rows];
        var sentences = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            sentences[i] = i / 10;
            double u = rng.NextDouble();
            if (u < 0.5) { tokens[i] = "id" + Zipf(rng, 3000); labels[i] = "IDENT"; }
            else if (u < 0.7) { tokens[i] = "n" + Zipf(rng, 400); labels[i] = "NUMBER"; }
            else if (u < 0.85) { tokens[i] = mods[rng.Next(mods.Length)]; labels[i] = "MOD"; }
            else { tokens[i] = ";,.(){}"[rng.Next(7)].ToString(); labels[i] = "PUNCT"; }
        }
        return LabeledTokens.Create(tokens, labels, sentences);
    }

    private static int Zipf(Random rng, int n)
    {
        // P(k) ∝ 1/(k+1), by inversion on the harmonic approximation.
        double u = rng.NextDouble();
        return Math.Min(n - 1, (int)Math.Floor(Math.Exp(u * Math.Log(n + 1)) - 1));
    }

    public static ProbingDatasetOptions Options(int seed = 0) => new()
    {
        Classes = ["IDENT", "NUMBER", "MOD"],
        TrainPerClass = 1000,
        ValidPerClass = 150,
        TestPerClass = 200,
        ClosedClassSplits = new Dictionary<string, ClosedClassWords>
        {
            ["MOD"] = new(Train: ["pub", "priv", "stat"], Test: ["fin", "sync"]),
        },
        Seed = seed,
    };
}
