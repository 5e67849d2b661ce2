using CodeNeurons.Concepts;
using CodeNeurons.Lexing;

namespace CodeNeurons.Tests.Concepts;

public class SnippetConceptsTests
{
    private const string PyLoop = "def total(xs):\n    s = 0\n    for x in xs:\n        s += x\n    return s\n";
    private const string PyFlat = "def name(self):\n    return self._name\n";

    [Test]
    public void PythonLoopReturnNumberAndDepth()
    {
        var c = SnippetConcepts.Of(PyLoop, CodeLanguage.Python);
        Assert.That(c, Is.EqualTo(new[] { SnippetConcepts.Loop, SnippetConcepts.NumericLiteral, SnippetConcepts.Return, SnippetConcepts.Depth2, SnippetConcepts.LengthShort }));
        Assert.That(SnippetConcepts.NestingDepth(PyLoop, CodeLanguage.Python), Is.EqualTo(2));
    }

    [Test]
    public void PythonFlatGetterHasOnlyReturn()
    {
        Assert.That(SnippetConcepts.Of(PyFlat, CodeLanguage.Python), Is.EqualTo(new[] { SnippetConcepts.Return, SnippetConcepts.Depth1, SnippetConcepts.LengthShort }));
        // def name ( self ) : return self . _name
        Assert.That(SnippetConcepts.CodeTokens(PyFlat, CodeLanguage.Python), Is.EqualTo(10));
    }

    [Test]
    public void PythonWhileAndComprehensionAreLoops()
    {
        Assert.That(SnippetConcepts.Of("def f(n):\n    while n:\n        n -= 1\n", CodeLanguage.Python), Does.Contain(SnippetConcepts.Loop));
        Assert.That(SnippetConcepts.Of("def f(xs):\n    return [x for x in xs]\n", CodeLanguage.Python), Does.Contain(SnippetConcepts.Loop));
    }

    [Test]
    public void PythonExceptionHandlerAndStringAndComparison()
    {
        const string code = "def f(path):\n    try:\n        with open(path) as fh:\n            if fh.read() == 'x':\n                pass\n    except OSError:\n        pass\n";
        var c = SnippetConcepts.Of(code, CodeLanguage.Python);
        Assert.That(c, Is.EqualTo(new[] { SnippetConcepts.ExceptionHandler, SnippetConcepts.StringLiteral, SnippetConcepts.Comparison, SnippetConcepts.Depth3Plus, SnippetConcepts.LengthShort }));
        Assert.That(SnippetConcepts.NestingDepth(code, CodeLanguage.Python), Is.EqualTo(4));
    }

    [Test]
    public void PythonIsCountsAsComparisonButInDoesNot()
    {
        Assert.That(SnippetConcepts.Of("def f(a):\n    return a is None\n", CodeLanguage.Python), Does.Contain(SnippetConcepts.Comparison));
        Assert.That(SnippetConcepts.Of("def f(a, b):\n    return a in b\n", CodeLanguage.Python), Does.Not.Contain(SnippetConcepts.Comparison));
    }

    [Test]
    public void CommentsAndStringContentsDecideNothing()
    {
        const string code = "def f():\n    # for while return 1 == 2\n    x = \"for i in range(3): return 1 < 2\"\n";
        Assert.That(SnippetConcepts.Of(code, CodeLanguage.Python), Is.EqualTo(new[] { SnippetConcepts.StringLiteral, SnippetConcepts.Depth1, SnippetConcepts.LengthShort }));
    }

    [Test]
    public void JavaBracesGiveDepthAndKeywordsGiveConcepts()
    {
        const string code = "int f(int[] a) { int s = 0; for (int i = 0; i < a.length; i++) { try { s += a[i]; } catch (Exception e) { } } return s; }";
        var c = SnippetConcepts.Of(code, CodeLanguage.Java);
        Assert.That(c, Is.EqualTo(new[] { SnippetConcepts.Loop, SnippetConcepts.ExceptionHandler, SnippetConcepts.NumericLiteral, SnippetConcepts.Comparison, SnippetConcepts.Return, SnippetConcepts.Depth3Plus, SnippetConcepts.LengthMedium }));
        Assert.That(SnippetConcepts.NestingDepth(code, CodeLanguage.Java), Is.EqualTo(3));
        Assert.That(SnippetConcepts.CodeTokens(code, CodeLanguage.Java), Is.EqualTo(53)); // counted by hand: 9 + 5 + 17 + 10 + 8 + 4
        Assert.That(SnippetConcepts.Of("void g() { do { x(); } while (ok); }", CodeLanguage.Java), Does.Contain(SnippetConcepts.Loop).And.Contain(SnippetConcepts.Depth2));
    }

    [Test]
    public void JavaBraceInsideAStringIsNotABlock()
    {
        Assert.That(SnippetConcepts.NestingDepth("String f() { return \"{{{\"; }", CodeLanguage.Java), Is.EqualTo(1));
    }

    [TestCase(49, SnippetConcepts.LengthShort)]
    [TestCase(50, SnippetConcepts.LengthMedium)]
    [TestCase(99, SnippetConcepts.LengthMedium)]
    [TestCase(100, SnippetConcepts.LengthLong)]
    public void LengthBucketsCountCodeTokens(int tokens, string bucket)
    {
        // "def f ( ) :" is 5 code tokens and "return x" 2 more; each " +x" adds 2 and a trailing " ;" 1.
        int items = tokens - 7;
        string code = "def f():\n    return x" + (items > 0 ? string.Concat(Enumerable.Range(0, items / 2).Select(_ => " +x")) + (items % 2 == 1 ? " ;" : "") : "") + "\n";
        Assert.That(SnippetConcepts.CodeTokens(code, CodeLanguage.Python), Is.EqualTo(tokens));
        Assert.That(SnippetConcepts.Of(code, CodeLanguage.Python), Does.Contain(bucket));
    }

    [Test]
    public void EveryConceptIsNamedOnce()
    {
        Assert.That(SnippetConcepts.All, Is.Unique);
        Assert.That(SnippetConcepts.All, Has.Count.EqualTo(12));
    }
}
