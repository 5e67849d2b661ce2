using CodeNeurons.Concepts;
using CodeNeurons.Data;

namespace CodeNeurons.Tests.Concepts;

public class ProbingExtractionTests
{
    /// <summary>A fake model: one row per code token whose values encode (sentence text hash, position, layer unit), counting the sentences it saw.</summary>
    private sealed class FakeSource(bool dropLastToken = false) : IActivationSource
    {
        public LayerLayout Layout { get; } = LayerLayout.Create(2, 3);
        public List<string> Seen { get; } = [];

        public void Extract(IEnumerable<CodeSnippet> corpus, IActivationSink sink, IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            sink.Begin(Layout);
            foreach (var s in corpus)
            {
                Seen.Add(s.Text);
                var spans = s.ResolveTokens();
                int rows = dropLastToken ? spans.Count - 1 : spans.Count;
                var tokens = spans.Take(rows).Select(t => s.Text.Substring(t.Start, t.Length)).ToArray();
                var values = new float[rows * Layout.Neurons];
                for (int r = 0; r < rows; r++)
                    for (int j = 0; j < Layout.Neurons; j++) values[r * Layout.Neurons + j] = Value(tokens[r], r, j);
                sink.Write(tokens, values);
            }
            sink.Complete();
        }

        public void Dispose() { }
    }

    private static float Value(string token, int position, int neuron) => token.Length * 100 + position * 10 + neuron;

    private static LabeledTokens Corpus()
    {
        // 12 sentences; NUM tokens are digits, STR tokens quoted (one holds a tab, as in the paper's data), KW words.
        var tokens = new List<string>();
        var labels = new List<string>();
        var sentences = new List<int>();
        for (int s = 0; s < 12; s++)
        {
            string[] t = s % 3 == 0 ? ["if", "(", $"{s}", ")"] : s % 3 == 1 ? ["x", "=", $"\"a\tb{s}\"", ";"] : ["return", $"{s * 7}", ";"];
            foreach (var tok in t)
            {
                tokens.Add(tok);
                labels.Add(char.IsDigit(tok[0]) ? "NUM" : tok.StartsWith('"') ? "STR" : tok is "if" or "return" ? "KW" : "O");
                sentences.Add(s);
            }
        }
        return LabeledTokens.Create(tokens, labels, sentences);
    }

    [Test]
    public void RunsOnlyTheNeededSentencesAndGathersEachRowsOwnValues()
    {
        var corpus = Corpus();
        var dataset = ProbingDatasetBuilder.Build(corpus, new ProbingDatasetOptions
        {
            Classes = ["NUM", "STR"], TrainPerClass = 2, ValidPerClass = 1, TestPerClass = 1, LexicallyDisjoint = false, Seed = 1,
        });
        var source = new FakeSource();
        var result = ProbingExtraction.Extract(source, dataset, corpus);

        int needed = new[] { dataset.Train, dataset.Valid, dataset.Test }.SelectMany(s => s.SentenceIndices).Distinct().Count();
        Assert.That(source.Seen, Has.Count.EqualTo(needed));
        Assert.That(needed, Is.LessThan(12), "sentences without a selected token are not run");
        Assert.That(result.SentencesExtracted, Is.EqualTo(needed));
        Assert.That(result.Data.ClassNames, Is.EqualTo(new[] { "NUM", "STR" }));
        foreach (var (split, (x, y)) in new[] { (dataset.Train, result.Data.Train), (dataset.Valid, result.Data.Dev), (dataset.Test, result.Data.Test!) })
        {
            Assert.That(y.Ids, Is.EqualTo(split.Labels));
            Assert.That(x.Tokens, Is.EqualTo(split.Tokens));
            for (int i = 0; i < split.Count; i++)
            {
                int row = split.RowIndices[i];
                int position = row - Enumerable.Range(0, corpus.Count).First(t => corpus.SentenceIndices[t] == split.SentenceIndices[i]);
                for (int j = 0; j < 6; j++) Assert.That(x[i, j], Is.EqualTo(Value(split.Tokens[i], position, j)));
            }
        }
        Assert.That(source.Seen.Any(t => t.Contains('\t')), Is.True, "a token holding a tab stays one code token");
    }

    [Test]
    public void ASourceThatDropsTokensIsAClearError()
    {
        var corpus = Corpus();
        var dataset = ProbingDatasetBuilder.Build(corpus, new ProbingDatasetOptions { Classes = ["NUM", "STR"], TrainPerClass = 2, ValidPerClass = 1, TestPerClass = 1, LexicallyDisjoint = false });
        var ex = Assert.Throws<InvalidDataException>(() => ProbingExtraction.Extract(new FakeSource(dropLastToken: true), dataset, corpus));
        Assert.That(ex!.Message, Does.Contain("one row per code token"));
    }
}
