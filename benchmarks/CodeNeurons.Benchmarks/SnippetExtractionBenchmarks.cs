using BenchmarkDotNet.Attributes;
using CodeNeurons.Data;
using CodeNeurons.Lexing;
using CodeNeurons.Tasks;
using CodeNeurons.Torch.Extraction;

namespace CodeNeurons.Benchmarks;

/// <summary>
/// Snippet-level extraction (<see cref="SnippetRepresentations"/>: one pooled row per function, every layer) against
/// token-level extraction (<see cref="TransformerActivationSource"/>: one row per code token, its last subword) of the same
/// Python functions (the first 64 of the shipped <c>data/tasks/defect/test.jsonl</c>) with the embedded all-MiniLM-L6-v2 on
/// the CPU, both cut at 398 subwords and batched 16 at a time. Run with <c>--filter '*SnippetExtraction*' --job short</c>. Setup prints the subwords each path feeds the model, so the
/// time per subword of the two can be compared (the target: snippets within 10 % of tokens).
/// </summary>
[MemoryDiagnoser]
public class SnippetExtractionBenchmarks
{
    private SnippetRepresentations _snippets = null!;
    private TransformerActivationSource _tokens = null!;
    private string[] _texts = null!;
    private CodeSnippet[] _codeTokens = null!;

    /// <summary>Functions per operation.</summary>
    public int Functions => BenchmarkSizes.Smoke ? 2 : 64;

    /// <summary>Loads the model twice (one per path) and the functions.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _snippets = SnippetRepresentations.LoadMiniLm(new SnippetRepresentationOptions { MaxLength = 398, BatchSize = 16 });
        _tokens = TransformerActivationSource.LoadMiniLm(new TransformerExtractionOptions { Aggregation = TokenAggregation.Last, MaxLength = 400, Truncate = true, BatchSize = 16 });
        _texts = CodeXGlueReader.ReadDefectDetection(FindDefectFile()).Where(e => e.Label == 0).Take(Functions).Select(e => e.Code).ToArray();
        var lexer = new PythonLexer(new PythonLexerOptions { IncludeLayoutTokens = false }); // code tokens with operators, no layout or comments
        _codeTokens = _texts.Select(t => Snippet(lexer.Tokenize(t).Tokens.Select(x => x.Text))).ToArray();
        long Subwords(string text) => Math.Min(400, _snippets.Tokenizer.Encode(text).Count);
        Console.WriteLine($"// subwords fed to the model: snippet path {_texts.Sum(Subwords)}, token path {_codeTokens.Sum(s => Subwords(s.Text))} ({_texts.Length} functions)");
    }

    /// <summary>Frees both models.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _snippets.Dispose();
        _tokens.Dispose();
    }

    /// <summary>One pooled row per function (first token, every layer).</summary>
    [Benchmark(Baseline = true)]
    public int Snippets() => _snippets.Encode(_texts).Rows;

    /// <summary>One row per code token (last subword, every layer).</summary>
    [Benchmark]
    public int Tokens() => _tokens.Extract(_codeTokens).Rows;

    /// <summary>The code tokens joined by single spaces, each one span (as the token-level analysis feeds them).</summary>
    private static CodeSnippet Snippet(IEnumerable<string> tokens)
    {
        var text = new System.Text.StringBuilder();
        var spans = new List<TokenSpan>();
        foreach (var t in tokens.Where(t => !string.IsNullOrWhiteSpace(t)))
        {
            if (text.Length > 0) text.Append(' ');
            spans.Add(new TokenSpan(text.Length, t.Length));
            text.Append(t);
        }
        return new CodeSnippet(text.ToString(), spans);
    }

    private static string FindDefectFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "data", "tasks", "defect", "test.jsonl");
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"data/tasks/defect/test.jsonl was not found above {AppContext.BaseDirectory}; run from the repository.");
    }
}
