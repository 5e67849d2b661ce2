using System.Text;
using CodeNeurons.Tasks;

namespace CodeNeurons.Tests.Tasks;

public sealed class CodeXGlueReaderTests : TempDirectoryTest
{
    private string Write(string name, string text)
    {
        var path = Path.Combine(TempDir, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private static void ExpectError(TestDelegate read, string file, int line, string fragment)
    {
        var ex = Assert.Throws<InvalidDataException>(read)!;
        Assert.That(ex.Message, Does.Contain(file), ex.Message);
        Assert.That(ex.Message, Does.Contain($"line {line}"), ex.Message);
        Assert.That(ex.Message, Does.Contain(fragment), ex.Message);
    }

    // ---- defect detection -------------------------------------------------------------------------------------------

    [Test]
    public void DefectReadsTheDistributedFields()
    {
        var path = Write("train.jsonl",
            "{\"project\": \"FFmpeg\", \"commit_id\": \"973b1a6b\", \"target\": 0, \"func\": \"static int f(int a)\\n{ return a; }\", \"idx\": 0}\r\n" +
            "{\"project\": \"qemu\", \"commit_id\": \"c8a2\", \"target\": 1, \"func\": \"void g(void) {}\", \"idx\": 7}\n");
        var rows = CodeXGlueReader.ReadDefectDetection(path);
        Assert.That(rows, Has.Count.EqualTo(2));
        Assert.That(rows[0], Is.EqualTo(new SnippetExample("0", "static int f(int a)\n{ return a; }", 0) { Project = "FFmpeg", CommitId = "973b1a6b" }));
        Assert.That(rows[1].Idx, Is.EqualTo("7"));
        Assert.That(rows[1].Label, Is.EqualTo(1));
        var labels = rows.ToClassLabels();
        Assert.That(labels.ClassNames, Is.EqualTo(new[] { "clean", "defective" }));
        Assert.That(labels.Ids, Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public void DefectOptionalFieldsMayBeMissingAndABomIsAccepted()
    {
        var path = Write("valid.jsonl", "\uFEFF{\"func\": \"x\", \"target\": 1, \"idx\": \"a1\"}\n\n");
        var rows = CodeXGlueReader.ReadDefectDetection(path);
        Assert.That(rows.Single(), Is.EqualTo(new SnippetExample("a1", "x", 1)));
    }

    [TestCase("{\"target\": 0, \"idx\": 1}", "has no \"func\"")]
    [TestCase("{\"func\": \"x\", \"idx\": 1}", "has no \"target\"")]
    [TestCase("{\"func\": \"x\", \"target\": 0}", "has no \"idx\"")]
    [TestCase("{\"func\": \"x\", \"target\": 2, \"idx\": 1}", "\"target\" is 2; expected 0 or 1")]
    [TestCase("{\"func\": \"x\", \"target\": -1, \"idx\": 1}", "expected 0 or 1")]
    [TestCase("{\"func\": \"x\", \"target\": \"1\", \"idx\": 1}", "expected 0 or 1")]
    [TestCase("{\"func\": \"x\", \"target\": 1.0, \"idx\": 1}", "expected 0 or 1")]
    [TestCase("{\"func\": \"x\", \"target\": true, \"idx\": 1}", "expected 0 or 1")]
    [TestCase("{\"func\": 5, \"target\": 0, \"idx\": 1}", "\"func\" is 5; expected a string")]
    [TestCase("{\"func\": \"x\", \"target\": 0, \"idx\": 1.5}", "\"idx\" is 1.5")]
    [TestCase("{\"func\": \"x\", \"target\": 0, \"idx\": \"\"}", "\"idx\" is the string")]
    [TestCase("{\"func\": \"x\", \"target\": 0, \"idx\": 1, \"project\": 3}", "\"project\" is 3")]
    [TestCase("{\"func\": \"x\", \"target\": 0, \"idx\": 1", "malformed JSON")]
    [TestCase("[1, 2]", "not an object")]
    [TestCase("{\"func\": \"x\", \"target\": 0, \"idx\": 0}", "idx 0 was already used on line 1")]
    public void DefectBadSecondRowNamesFileAndLine(string row, string fragment)
    {
        var path = Write("bad.jsonl", "{\"func\": \"ok\", \"target\": 0, \"idx\": 0}\n" + row + "\n");
        ExpectError(() => CodeXGlueReader.ReadDefectDetection(path), "bad.jsonl", 2, fragment);
    }

    [Test]
    public void DefectBlankLineInTheMiddleInvalidUtf8AndEmptyFilesAreRefused()
    {
        var blank = Write("blank.jsonl", "{\"func\": \"a\", \"target\": 0, \"idx\": 0}\n  \n{\"func\": \"b\", \"target\": 0, \"idx\": 1}\n");
        ExpectError(() => CodeXGlueReader.ReadDefectDetection(blank), "blank.jsonl", 2, "is blank");
        var utf = Path.Combine(TempDir, "utf.jsonl");
        File.WriteAllBytes(utf, [.. "{\"func\": \""u8.ToArray(), 0xFF, .. "\", \"target\": 0, \"idx\": 0}\n"u8.ToArray()]);
        ExpectError(() => CodeXGlueReader.ReadDefectDetection(utf), "utf.jsonl", 1, "is not valid UTF-8");
        var badSearch = Path.Combine(TempDir, "bad.json");
        File.WriteAllBytes(badSearch, [.. "[\n{\"idx\": 1, \"doc\": \""u8.ToArray(), 0xC3, .. "\", \"code\": \"c\", \"label\": 1}]"u8.ToArray()]);
        ExpectError(() => CodeXGlueReader.ReadCodeSearch(badSearch), "bad.json", 2, "is not valid UTF-8");
        var empty = Write("empty.jsonl", "\n");
        Assert.That(() => CodeXGlueReader.ReadDefectDetection(empty), Throws.TypeOf<InvalidDataException>().With.Message.Contains("no examples"));
        Assert.That(() => CodeXGlueReader.ReadDefectDetection(Path.Combine(TempDir, "missing.jsonl")), Throws.TypeOf<FileNotFoundException>());
    }

    [Test]
    public void LineLengthIsBoundedBeforeDecoding()
    {
        var longFunc = new string('x', 5000);
        var path = Write("long.jsonl", "{\"func\": \"a\", \"target\": 0, \"idx\": 0}\n{\"func\": \"" + longFunc + "\", \"target\": 0, \"idx\": 1}\n");
        var options = new CodeXGlueReadOptions { MaxLineBytes = 1000 };
        ExpectError(() => CodeXGlueReader.ReadDefectDetection(path, options), "long.jsonl", 2, "longer than MaxLineBytes = 1000");
        Assert.That(CodeXGlueReader.ReadDefectDetection(path, new CodeXGlueReadOptions { MaxLineBytes = 6000 }), Has.Count.EqualTo(2));
        Assert.That(() => CodeXGlueReader.ReadDefectDetection(path, new CodeXGlueReadOptions { MaxLineBytes = 1 }), Throws.ArgumentException);
    }

    [Test]
    public void LinesLongerThanTheReadBufferAreReadWhole()
    {
        var big = new string('y', 200_000);
        var path = Write("big.jsonl", "{\"func\": \"" + big + "\", \"target\": 1, \"idx\": 0}\n{\"func\": \"z\", \"target\": 0, \"idx\": 1}");
        var rows = CodeXGlueReader.ReadDefectDetection(path);
        Assert.That(rows[0].Code, Is.EqualTo(big));
        Assert.That(rows[1].Code, Is.EqualTo("z"));
    }

    [Test]
    public void ManyLinesAcrossReadBufferBoundariesAreReadExactly()
    {
        var rng = new Random(9);
        var funcs = Enumerable.Range(0, 3000).Select(i => new string((char)('a' + i % 26), i % 500 == 0 ? 70_000 + i : rng.Next(1, 300))).ToArray();
        var sb = new StringBuilder();
        for (int i = 0; i < funcs.Length; i++) sb.Append($"{{\"func\": \"{funcs[i]}\", \"target\": {i % 2}, \"idx\": {i}}}").Append(i % 3 == 0 ? "\r\n" : "\n");
        var rows = CodeXGlueReader.ReadDefectDetection(Write("many.jsonl", sb.ToString()));
        Assert.That(rows.Select(r => r.Code), Is.EqualTo(funcs));
        Assert.That(rows.Select(r => r.Label), Is.EqualTo(Enumerable.Range(0, funcs.Length).Select(i => i % 2)));
    }

    // ---- clone detection --------------------------------------------------------------------------------------------

    private string CloneData() => Write("data.jsonl",
        "{\"func\": \"int a() { return 1; }\", \"idx\": \"13653451\"}\n" +
        "{\"func\": \"int b() { return 1; }\", \"idx\": \"21955002\"}\n" +
        "{\"func\": \"void c() {}\", \"idx\": 5}\n");

    [Test]
    public void CloneReadsFunctionsAndPairsWithCrlf()
    {
        CloneData();
        var pairs = Write("train.txt", "13653451\t21955002\t1\r\n13653451\t5\t0\r\n");
        var rows = CodeXGlueReader.ReadCloneDetection(pairs);
        Assert.That(rows, Has.Count.EqualTo(2));
        Assert.That(rows[0], Is.EqualTo(new PairExample("13653451/21955002", "int a() { return 1; }", "int b() { return 1; }", 1) { FirstIdx = "13653451", SecondIdx = "21955002" }));
        Assert.That(rows[1].Second, Is.EqualTo("void c() {}"));
        var labels = rows.ToClassLabels(CodeTask.CloneDetection);
        Assert.That(labels.ClassNames, Is.EqualTo(new[] { "non-clone", "clone" }));
        Assert.That(labels.Ids, Is.EqualTo(new[] { 1, 0 }));
        Assert.That(() => rows.ToClassLabels(CodeTask.DefectDetection), Throws.ArgumentException);
    }

    [TestCase("13653451\t99\t1", "idx2 '99' is not in the functions file")]
    [TestCase("98\t5\t1", "idx1 '98' is not in the functions file")]
    [TestCase("13653451\t5\t2", "label '2' is not 0 or 1")]
    [TestCase("13653451\t5\t-1", "label '-1' is not 0 or 1")]
    [TestCase("13653451\t5", "has 2 tab-separated fields")]
    [TestCase("13653451 5 1", "has 1 tab-separated fields")]
    [TestCase("13653451\t5\t1\t0", "has 4 tab-separated fields")]
    public void CloneBadPairNamesFileAndLine(string row, string fragment)
    {
        var functions = CodeXGlueReader.ReadCloneFunctions(CloneData());
        var path = Write("valid.txt", "13653451\t5\t0\n" + row + "\n");
        ExpectError(() => CodeXGlueReader.ReadClonePairs(path, functions), "valid.txt", 2, fragment);
    }

    [TestCase("{\"idx\": \"1\"}", "has no \"func\"")]
    [TestCase("{\"func\": \"x\"}", "has no \"idx\"")]
    [TestCase("{\"func\": \"x\", \"idx\": \"13653451\"}", "idx 13653451 was already used on line 1")]
    [TestCase("{\"func\": \"x\", \"idx\": null}", "\"idx\" is null")]
    [TestCase("not json", "malformed JSON")]
    public void CloneBadFunctionRowNamesFileAndLine(string row, string fragment)
    {
        var path = Write("data.jsonl", "{\"func\": \"a\", \"idx\": \"13653451\"}\n" + row + "\n");
        ExpectError(() => CodeXGlueReader.ReadCloneFunctions(path), "data.jsonl", 2, fragment);
    }

    // ---- code search ------------------------------------------------------------------------------------------------

    private const string CoSqa = """
        [
         {
          "idx": "cosqa-dev-0",
          "doc": "python check relation is symmetric",
          "code": "def f(g):\n    return 0",
          "code_tokens": "def f ( g ) : return 0",
          "docstring_tokens": "Check .",
          "label": 0
         },
         {
          "idx": "cosqa-dev-1",
          "doc": "python split strings into list of lines",
          "code": "def split(v):\n    return v.splitlines()",
          "label": 1
         }
        ]
        """;

    [Test]
    public void SearchReadsCosqaArrays()
    {
        var rows = CodeXGlueReader.ReadCodeSearch(Write("cosqa-dev.json", CoSqa));
        Assert.That(rows, Has.Count.EqualTo(2));
        Assert.That(rows[1], Is.EqualTo(new PairExample("cosqa-dev-1", "python split strings into list of lines", "def split(v):\n    return v.splitlines()", 1)));
        Assert.That(rows.ToClassLabels(CodeTask.CodeSearch).ClassNames, Is.EqualTo(new[] { "no-match", "match" }));
    }

    [Test]
    public void SearchReadsWebqueryWithTheAnswersFile()
    {
        var test = Write("test_webquery.json", """
            [
             {"idx": "webquery-test-1", "doc": "how to open a text file on python", "code": "def a():     return 1"},
             {"idx": "webquery-test-2", "doc": "how to open a text file on python", "code": "def b():     return 2"}
            ]
            """);
        var answers = Write("webquery_answers.txt", "webquery-test-1\t1\nwebquery-test-2\t0\n");
        var rows = CodeXGlueReader.ReadCodeSearch(test, answers);
        Assert.That(rows.Select(r => r.Label), Is.EqualTo(new[] { 1, 0 }));
        ExpectError(() => CodeXGlueReader.ReadCodeSearch(test), "test_webquery.json", 2, "has no \"label\"; pass the answers file");
        var missing = Write("a2.txt", "webquery-test-1\t1\n");
        ExpectError(() => CodeXGlueReader.ReadCodeSearch(test, missing), "test_webquery.json", 3, "idx webquery-test-2 has no line in the answers file");
        var extra = Write("a3.txt", "webquery-test-1\t1\nwebquery-test-2\t0\nwebquery-test-9\t0\n");
        ExpectError(() => CodeXGlueReader.ReadCodeSearch(test, extra), "a3.txt", 3, "idx webquery-test-9 is not in");
        var badLabel = Write("a4.txt", "webquery-test-1\t1\nwebquery-test-2\t3\n");
        ExpectError(() => CodeXGlueReader.ReadCodeSearch(test, badLabel), "a4.txt", 2, "label '3' is not 0 or 1");
        var twice = Write("a5.txt", "webquery-test-1\t1\nwebquery-test-1\t0\n");
        ExpectError(() => CodeXGlueReader.ReadCodeSearch(test, twice), "a5.txt", 2, "already answered on line 1");
        var disagree = Write("a6.txt", "cosqa-dev-0\t1\ncosqa-dev-1\t1\n");
        ExpectError(() => CodeXGlueReader.ReadCodeSearch(Write("c.json", CoSqa), disagree), "c.json", 2, "label 0 disagrees with line 1");
    }

    [TestCase("{\"doc\": \"q\", \"code\": \"c\", \"label\": 1}", "has no \"idx\"")]
    [TestCase("{\"idx\": 9, \"code\": \"c\", \"label\": 1}", "has no \"doc\"")]
    [TestCase("{\"idx\": 9, \"doc\": \"q\", \"label\": 1}", "has no \"code\"")]
    [TestCase("{\"idx\": 9, \"doc\": \"q\", \"code\": \"c\", \"label\": 5}", "\"label\" is 5; expected 0 or 1")]
    [TestCase("{\"idx\": 9, \"doc\": [\"q\"], \"code\": \"c\", \"label\": 1}", "\"doc\" is a JSON array")]
    [TestCase("{\"idx\": 1, \"doc\": \"q\", \"code\": \"c\", \"label\": 1}", "idx 1 was already used on line 2")]
    [TestCase("\"just a string\"", "not an object")]
    public void SearchBadElementNamesFileAndLine(string element, string fragment)
    {
        var path = Write("s.json", "[\n {\"idx\": 1, \"doc\": \"q\", \"code\": \"c\", \"label\": 1},\n\n " + element + "\n]\n");
        ExpectError(() => CodeXGlueReader.ReadCodeSearch(path), "s.json", 4, fragment);
    }

    [Test]
    public void SearchMalformedOrWrongJsonIsRefused()
    {
        ExpectError(() => CodeXGlueReader.ReadCodeSearch(Write("m.json", "[\n {\"idx\": 1, \"doc\": \"q\",\n  \"code\": oops}\n]")), "m.json", 3, "malformed JSON");
        Assert.That(() => CodeXGlueReader.ReadCodeSearch(Write("o.json", "{\"idx\": 1}")), Throws.TypeOf<InvalidDataException>().With.Message.Contains("expected a JSON array"));
        Assert.That(() => CodeXGlueReader.ReadCodeSearch(Write("e.json", "[]")), Throws.TypeOf<InvalidDataException>().With.Message.Contains("no examples"));
        Assert.That(() => CodeXGlueReader.ReadCodeSearch(Write("u.json", "[{\"idx\": 1, \"doc\": \"q\", \"code\": \"c\", \"label\": 1}")), Throws.TypeOf<InvalidDataException>());
        ExpectError(() => CodeXGlueReader.ReadCodeSearch(Write("t.json", "[{\"idx\": 1, \"doc\": \"q\", \"code\": \"c\", \"label\": 1}]\n[]")), "t.json", 2, "malformed JSON");
        var big = Write("big.json", "[" + new string(' ', 100) + "]");
        Assert.That(() => CodeXGlueReader.ReadCodeSearch(big, null, new CodeXGlueReadOptions { MaxJsonFileBytes = 50 }),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("MaxJsonFileBytes"));
    }
}
