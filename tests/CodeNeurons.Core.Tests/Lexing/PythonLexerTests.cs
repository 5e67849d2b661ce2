using System.Diagnostics;
using System.Text.Json;
using CodeNeurons.Lexing;

namespace CodeNeurons.Tests.Lexing;

public class PythonLexerTests
{
    private const string StdlibDir = "/root/.pyenv/versions/3.11.7/lib/python3.11";

    /// <summary>The lexer as tokenize reports tokens: no KEYWORD split.</summary>
    private static readonly PythonLexer Raw = new(new PythonLexerOptions { SplitKeywords = false });

    private static string FixtureDir => TestData.Fixture("python-tokenize");

    private static IEnumerable<string> FixtureNames() =>
        Directory.GetFiles(TestData.Fixture("python-tokenize"), "*.py")
            .Select(Path.GetFileName).Where(n => n != "make_expected.py").Order(StringComparer.Ordinal)!;

    private readonly record struct Tok(string Type, string Text, int Line, int Column, int EndLine, int EndColumn)
    {
        public override string ToString() => $"{Type} {JsonSerializer.Serialize(Text)} ({Line},{Column})-({EndLine},{EndColumn})";
    }

    private static List<Tok> ParseTokens(JsonElement array) =>
        array.EnumerateArray().Select(t => new Tok(
            t[0].GetString()!, t[1].GetString()!,
            t[2][0].GetInt32(), t[2][1].GetInt32(), t[3][0].GetInt32(), t[3][1].GetInt32())).ToList();

    private static List<Tok> Lex(PythonLexer lexer, string source) =>
        lexer.Tokenize(source).Tokens.Select(t => new Tok(t.Label, t.Text, t.Line, t.Column, t.EndLine, t.EndColumn)).ToList();

    [TestCaseSource(nameof(FixtureNames))]
    public void FixtureMatchesTokenizeExactly(string name)
    {
        var expected = ParseTokens(JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureDir, name[..^3] + ".tokens.json"))).RootElement);
        var actual = Lex(Raw, File.ReadAllText(Path.Combine(FixtureDir, name)));
        for (var i = 0; i < Math.Min(expected.Count, actual.Count); i++)
            Assert.That(actual[i], Is.EqualTo(expected[i]), $"{name}: token {i}");
        Assert.That(actual, Has.Count.EqualTo(expected.Count), name);
    }

    [Test]
    public void FixturesCoverEveryTokenizeType()
    {
        var types = FixtureNames().SelectMany(n => Lex(Raw, File.ReadAllText(Path.Combine(FixtureDir, n)))).Select(t => t.Type).ToHashSet();
        Assert.That(types, Is.SupersetOf(new[] { "NAME", "NUMBER", "STRING", "OP", "COMMENT", "NEWLINE", "NL", "INDENT", "DEDENT", "ENDMARKER", "ERRORTOKEN" }));
    }

    /// <summary>
    /// Agreement with Python's tokenize on a seeded sample of the installed standard library (all of it with
    /// CODENEURONS_PY_STDLIB_ALL=1). Skipped when the folder or python3 is missing.
    /// </summary>
    [Test]
    public void StdlibSampleAgreesWithTokenize()
    {
        Assume.That(Directory.Exists(StdlibDir), $"{StdlibDir} not found");
        var mode = Environment.GetEnvironmentVariable("CODENEURONS_PY_STDLIB_ALL");
        var all = Directory.GetFiles(StdlibDir, "*.py", mode == "recursive" ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Order(StringComparer.Ordinal).ToList();
        var files = mode is "1" or "recursive"
            ? all
            : all.OrderBy(_ => 0).Select((f, i) => (f, k: new Random(20240611 + i).Next())).OrderBy(x => x.k).Take(30).Select(x => x.f).ToList();
        long matched = 0, total = 0, exactFiles = 0, skipped = 0;
        foreach (var chunk in files.Chunk(100))
        {
            var json = RunPython(chunk);
            Assume.That(json, Is.Not.Null, "python3 not available");
            using var doc = JsonDocument.Parse(json!);
            foreach (var file in chunk)
            {
                var entry = doc.RootElement.GetProperty(file);
                var encoding = entry.GetProperty("encoding").GetString();
                if (entry.GetProperty("error").ValueKind != JsonValueKind.Null || encoding is not ("utf-8" or "utf-8-sig"))
                {
                    skipped++; // tokenize itself fails, or the file is not UTF-8
                    continue;
                }
                var expected = ParseTokens(entry.GetProperty("tokens"));
                var actual = Lex(Raw, File.ReadAllText(file));
                var counts = new Dictionary<(string, string, int, int), int>();
                foreach (var t in actual) counts[(t.Type, t.Text, t.Line, t.Column)] = counts.GetValueOrDefault((t.Type, t.Text, t.Line, t.Column)) + 1;
                long m = 0;
                foreach (var t in expected)
                {
                    var key = (t.Type, t.Text, t.Line, t.Column);
                    if (counts.GetValueOrDefault(key) > 0) { counts[key]--; m++; }
                }
                matched += m;
                total += Math.Max(expected.Count, actual.Count);
                if (m == expected.Count && expected.Count == actual.Count) exactFiles++;
                else TestContext.Out.WriteLine($"{Path.GetRelativePath(StdlibDir, file)}: {m}/{Math.Max(expected.Count, actual.Count)}");
            }
        }
        var agreement = (double)matched / total;
        TestContext.Out.WriteLine($"{files.Count - skipped} files ({exactFiles} exact, {skipped} skipped), {total} tokens, agreement {agreement:P4}");
        Assert.That(agreement, Is.GreaterThanOrEqualTo(0.999));
    }

    private static string? RunPython(IReadOnlyList<string> files)
    {
        try
        {
            var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(Path.Combine(FixtureDir, "make_expected.py"));
            psi.ArgumentList.Add("--stdout");
            foreach (var f in files) psi.ArgumentList.Add(f);
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            _ = stderr.Result;
            return p.ExitCode == 0 ? stdout : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    [Test]
    public void KeywordsAreSplitButSoftKeywordsStayNames()
    {
        var tokens = new PythonLexer().Tokenize("if match and case or _ is None: type = lambda: True\n").Tokens;
        var labels = tokens.Where(t => t.Label is "NAME" or "KEYWORD").Select(t => $"{t.Label}:{t.Text}").ToList();
        Assert.That(labels, Is.EqualTo(new[]
        {
            "KEYWORD:if", "NAME:match", "KEYWORD:and", "NAME:case", "KEYWORD:or", "NAME:_", "KEYWORD:is", "KEYWORD:None",
            "NAME:type", "KEYWORD:lambda", "KEYWORD:True",
        }));
        Assert.That(PythonLexer.Keywords, Has.Count.EqualTo(35));
    }

    [Test]
    public void PaperConceptsKeepOnlyNamesKeywordsNumbersStrings()
    {
        var lexer = new PythonLexer(PythonLexerOptions.PaperConcepts);
        var tokens = lexer.Tokenize("def f(x):\n    # c\n    return x + 0x1F, 'a'\n").Tokens;
        Assert.That(tokens.Select(t => $"{t.Label}:{t.Text}"), Is.EqualTo(new[]
        {
            "KEYWORD:def", "NAME:f", "NAME:x", "KEYWORD:return", "NAME:x", "NUMBER:0x1F", "STRING:'a'",
        }));
        Assert.That(lexer.Labels, Is.EqualTo(new[] { "NAME", "KEYWORD", "NUMBER", "STRING", "ERRORTOKEN" }));
        Assert.That(lexer.Language, Is.EqualTo("python"));
    }

    [Test]
    public void ColumnsCountCodePoints()
    {
        var tokens = new PythonLexer().Tokenize("s = '😀𝔘' + x\n").Tokens;
        var x = tokens.Single(t => t.Text == "x");
        Assert.That((x.Line, x.Column, x.EndColumn), Is.EqualTo((1, 11, 12)));
        var s = tokens.Single(t => t.Label == "STRING");
        Assert.That((s.Column, s.EndColumn, s.Text), Is.EqualTo((4, 8, "'😀𝔘'")));
    }

    [Test]
    public void UnterminatedTripleQuotedStringIsAnErrorToken()
    {
        var result = new PythonLexer().Tokenize("x = 1\ny = '''abc\ndef\n");
        var err = result.Tokens.Single(t => t.Label == "ERRORTOKEN");
        Assert.That((err.Text, err.Line, err.Column), Is.EqualTo(("'''abc\ndef\n", 2, 4)));
        Assert.That(result.Diagnostics.Single(), Is.EqualTo(new LexDiagnostic(2, 4, "EOF in multi-line string")));
        Assert.That(result.Tokens[^1].Label, Is.EqualTo("ENDMARKER"));
    }

    [Test]
    public void EofInMultiLineStatementIsAnErrorToken()
    {
        var result = new PythonLexer().Tokenize("x = (1,\n  2\n");
        Assert.That(result.Diagnostics.Single().Message, Is.EqualTo("EOF in multi-line statement"));
        Assert.That(result.Diagnostics.Single().Line, Is.EqualTo(3));
        Assert.That(result.Tokens.Count(t => t.Label == "ERRORTOKEN"), Is.EqualTo(1));
        Assert.That(result.Tokens[^1].Label, Is.EqualTo("ENDMARKER"));
    }

    [Test]
    public void InconsistentDedentIsAnErrorTokenAndLexingGoesOn()
    {
        var result = new PythonLexer().Tokenize("if x:\n        a = 1\n    b = 2\nc = 3\n");
        Assert.That(result.Diagnostics.Single(), Is.EqualTo(new LexDiagnostic(3, 4, "unindent does not match any outer indentation level")));
        var labels = result.Tokens.Select(t => t.Label).ToList();
        Assert.That(labels.Count(l => l == "INDENT"), Is.EqualTo(1));
        Assert.That(labels.Count(l => l == "DEDENT"), Is.EqualTo(2)); // 8 -> 4 (taken as a level), then 4 -> 0
        Assert.That(result.Tokens.Any(t => t is { Text: "c", Line: 4, Column: 0 }));
    }

    [Test]
    public void StrayCharactersAreErrorTokensWithDiagnostics()
    {
        var result = new PythonLexer().Tokenize("a = $b\n");
        Assert.That(result.Tokens.Where(t => t.Label == "ERRORTOKEN").Select(t => t.Text), Is.EqualTo(new[] { " ", "$" }));
        Assert.That(result.Diagnostics.Select(d => d.Column), Is.EqualTo(new[] { 3, 4 }));
    }

    [Test]
    public void EmptyAndBomSources()
    {
        Assert.That(new PythonLexer().Tokenize("").Tokens.Select(t => (t.Label, t.Line, t.Column)), Is.EqualTo(new[] { ("ENDMARKER", 1, 0) }));
        var bom = new PythonLexer().Tokenize("\uFEFFx\n").Tokens;
        Assert.That((bom[0].Text, bom[0].Column), Is.EqualTo(("x", 0)));
    }

    [Test]
    public void RandomTextNeverThrows()
    {
        const string alphabet = "abfrbuFRB019_.xXoOjJeE+-*/%@&|^~<>=!:;,()[]{}'\"#\\ \t\f\r\n\n\n$?`éπ😀\uD800";
        var rng = new Random(7);
        foreach (var fstrings in new[] { PythonFStringTokens.Python311, PythonFStringTokens.Python312 })
        {
            var lexer = new PythonLexer(new PythonLexerOptions { FStringTokens = fstrings });
            for (var i = 0; i < 3000; i++)
            {
                var chars = new char[rng.Next(0, 80)];
                for (var j = 0; j < chars.Length; j++) chars[j] = alphabet[rng.Next(alphabet.Length)];
                var source = new string(chars);
                Assert.DoesNotThrow(() => lexer.Tokenize(source), source);
            }
        }
    }
}

public class PythonLexerFStringTests
{
    private static List<string> Lex312(string source) =>
        new PythonLexer(new PythonLexerOptions { FStringTokens = PythonFStringTokens.Python312 })
            .Tokenize(source).Tokens.Select(t => $"{t.Label}:{t.Text}@{t.Line},{t.Column}-{t.EndLine},{t.EndColumn}").ToList();

    [Test]
    public void Python311ModeKeepsOneStringToken()
    {
        var tokens = new PythonLexer().Tokenize("f'{a!r:>{w}}'\n").Tokens;
        Assert.That(tokens[0], Is.EqualTo(new LexToken("f'{a!r:>{w}}'", "STRING", 1, 0, 1, 13)));
    }

    [Test]
    public void Python312ModeSplitsFieldsConversionsAndFormatSpecs()
    {
        Assert.That(Lex312("x = f\"a{b!r:>{w}} c\"\n"), Is.EqualTo(new[]
        {
            "NAME:x@1,0-1,1", "OP:=@1,2-1,3", "FSTRING_START:f\"@1,4-1,6", "FSTRING_MIDDLE:a@1,6-1,7", "OP:{@1,7-1,8",
            "NAME:b@1,8-1,9", "OP:!@1,9-1,10", "NAME:r@1,10-1,11", "OP::@1,11-1,12", "FSTRING_MIDDLE:>@1,12-1,13",
            "OP:{@1,13-1,14", "NAME:w@1,14-1,15", "OP:}@1,15-1,16", "OP:}@1,16-1,17", "FSTRING_MIDDLE: c@1,17-1,19",
            "FSTRING_END:\"@1,19-1,20", "NEWLINE:\n@1,20-1,21", "ENDMARKER:@2,0-2,0",
        }));
    }

    [Test]
    public void Python312ModeHandlesNestedStringsKeywordsAndMultiline()
    {
        var tokens = Lex312("s = rf'''{x if y else 'z'}\n{{lit}} {n:0.2f}'''\n");
        Assert.That(tokens, Does.Contain("FSTRING_START:rf'''@1,4-1,9"));
        Assert.That(tokens, Does.Contain("KEYWORD:if@1,12-1,14"));
        Assert.That(tokens, Does.Contain("STRING:'z'@1,22-1,25"));
        Assert.That(tokens, Does.Contain("FSTRING_MIDDLE:\n{{lit}} @1,26-2,8"));
        Assert.That(tokens, Does.Contain("FSTRING_MIDDLE:0.2f@2,11-2,15"));
        Assert.That(tokens, Does.Contain("FSTRING_END:'''@2,16-2,19"));
        var nested = Lex312("f'{f\"{a}\"}'\n");
        Assert.That(nested.Count(t => t.StartsWith("FSTRING_START", StringComparison.Ordinal)), Is.EqualTo(2));
    }
}
