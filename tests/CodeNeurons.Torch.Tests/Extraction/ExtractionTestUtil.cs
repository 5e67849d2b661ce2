using System.Text.Json;
using CodeNeurons.Data;
using CodeNeurons.Torch.Extraction;
using Microsoft.Extensions.Logging;

namespace CodeNeurons.Tests.Extraction;

internal static class ExtractionTestUtil
{
    internal static string ModelFolder(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "hf-models", name);

    /// <summary>The snippet texts of tokenizer_expected.json (the first three are the inputs of expected.safetensors).</summary>
    internal static string[] ReferenceTexts()
    {
        string path = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "hf-tokenizers", "tokenizer_expected.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return [.. doc.RootElement.GetProperty("roberta").EnumerateArray().Select(e => e.GetProperty("text").GetString()!)];
    }

    internal static ActivationSet Run(string model, TransformerExtractionOptions options, IEnumerable<CodeSnippet> snippets)
    {
        using var source = TransformerActivationSource.Load(ModelFolder(model), options);
        return source.Extract(snippets);
    }

    /// <summary>Rows of each snippet, as arrays of row indices.</summary>
    internal static List<int>[] RowsBySnippet(ActivationSet set, int snippets)
    {
        var r = Enumerable.Range(0, snippets).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < set.Rows; i++) r[set.SentenceIndices![i]].Add(i);
        return r;
    }

    internal static double MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.That(a.Length, Is.EqualTo(b.Length));
        double m = 0;
        for (int i = 0; i < a.Length; i++) m = Math.Max(m, Math.Abs(a[i] - b[i]));
        return m;
    }

    internal sealed class ListLogger : ILogger<TransformerActivationSource>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }

    /// <summary>A sink that records calls.</summary>
    internal sealed class RecordingSink : IActivationSink
    {
        public bool Begun, Completed, Disposed;
        public int Writes;
        public void Begin(LayerLayout layout) => Begun = true;
        public void Write(IReadOnlyList<string> tokens, ReadOnlySpan<float> values) => Writes++;
        public void Complete() => Completed = true;
        public void Dispose() => Disposed = true;
    }

    internal sealed class SyncProgress(Action<ExtractionProgress> action) : IProgress<ExtractionProgress>
    {
        public void Report(ExtractionProgress value) => action(value);
    }
}
