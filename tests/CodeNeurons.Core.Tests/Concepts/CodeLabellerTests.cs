using CodeNeurons.Concepts;
using CodeNeurons.Lexing;

namespace CodeNeurons.Tests.Concepts;

public class CodeLabellerTests
{
    private const string JavaWithComments = """
        /**
         * Returns the total price of the order.
         * @param count how many items
         */
        public int total(int count) {
            /* a block comment
               spanning lines */
            String s = "done"; // trailing comment
            return count * 42;
        }
        """;

    private static readonly string[] CommentWords = ["Returns", "the", "total", "price", "order", "param", "how", "many", "items", "a", "block", "comment", "spanning", "lines"];

    [Test]
    public void JavaWholeFileCommentsAndJavadocAreNeverCodeTokens()
    {
        var corpus = CodeCorpus.FromTexts([new CodeFile("Order.java", JavaWithComments, CodeLanguage.Java)]);
        var tokens = CodeLabeller.Label(corpus);
        // Only the code: "total" occurs once, as the method name.
        Assert.That(tokens.Tokens.Where(t => CommentWords.Contains(t) && t != "total"), Is.Empty);
        Assert.That(tokens.Tokens.Count(t => t == "total"), Is.EqualTo(1));
        Assert.That(tokens.Tokens, Is.EqualTo(new[]
        {
            "public", "int", "total", "(", "int", "count", ")", "{",
            "String", "s", "=", "\"done\"", ";",
            "return", "count", "*", "42", ";",
            "}",
        }));
        // Sentences are the four source lines holding code.
        Assert.That(tokens.SentenceIndices.Distinct().Count(), Is.EqualTo(4));
        Assert.That(tokens.Labels[tokens.Tokens.ToList().IndexOf("42")], Is.EqualTo("NUMBER"));
    }

    [Test]
    public void JavaLineByLineTheOldBehaviourTurnsJavadocIntoTokens()
    {
        // What `analyze` did before whole-file lexing: the Javadoc's words became IDENT/KEYWORD tokens. Kept as an option
        // for `codeneurons label` (javalang lexed the paper's files line by line).
        var lines = CodeLabeller.LexLines(CodeLanguage.Java, JavaWithComments, new CodeLabellerOptions { JavaLineByLine = true });
        var texts = lines.Lines.SelectMany(l => l).Select(t => t.Text).ToArray();
        Assert.That(texts, Does.Contain("Returns").And.Contain("price").And.Contain("spanning"));
    }

    [Test]
    public void JavaTextBlockIsOneStringOnItsFirstLine()
    {
        const string code = "class T {\n  String s = \"\"\"\n    int x = 1;\n    \"\"\";\n  int y = 2;\n}\n";
        var lexed = CodeLabeller.LexLines(CodeLanguage.Java, code);
        Assert.That(lexed.Lines[1][^1].Label, Is.EqualTo("STRING"));
        Assert.That(lexed.Lines[1][^1].Text, Does.StartWith("\"\"\"").And.Contain("int x = 1;"));
        Assert.That(lexed.Lines[2], Is.Empty, "the text block's inside is no code");
        Assert.That(lexed.Lines[4].Select(t => t.Text), Is.EqualTo(new[] { "int", "y", "=", "2", ";" }));
    }

    [Test]
    public void PythonMultiLineStringsAndCommentsAreNotCodeAndNameBecomesIdent()
    {
        const string code = "def f(x):\n    \"\"\"Return the\n    answer if x\"\"\"\n    # while True\n    return x + 1\n";
        var corpus = CodeCorpus.FromTexts([new CodeFile("f.py", code, CodeLanguage.Python)]);
        var tokens = CodeLabeller.Label(corpus);
        Assert.That(tokens.Tokens, Does.Not.Contain("answer").And.Not.Contain("while").And.Not.Contain("if"));
        Assert.That(tokens.SentenceIndices.Distinct().Count(), Is.EqualTo(3), "def line, docstring line, return line");
        Assert.That(tokens.Labels[tokens.Tokens.ToList().IndexOf("x")], Is.EqualTo("IDENT"));
        Assert.That(tokens.Labels[0], Is.EqualTo("KEYWORD"));
        var raw = CodeLabeller.Label(corpus, new CodeLabellerOptions { NameAsIdent = false });
        Assert.That(raw.Labels[raw.Tokens.ToList().IndexOf("x")], Is.EqualTo("NAME"));
    }

    [Test]
    public void LabelSentencesRunOnAcrossFilesAndAnEmptyCorpusIsAnError()
    {
        var corpus = CodeCorpus.FromTexts([new CodeFile("a.py", "x = 1\ny = 2\n", CodeLanguage.Python), new CodeFile("B.java", "int z = 3;\n", CodeLanguage.Java)]);
        var tokens = CodeLabeller.Label(corpus);
        Assert.That(tokens.SentenceIndices, Is.EqualTo(new[] { 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2 }));
        var empty = CodeCorpus.FromTexts([new CodeFile("c.py", "# only a comment\n", CodeLanguage.Python)], "comments");
        Assert.That(() => CodeLabeller.Label(empty), Throws.ArgumentException.With.Message.Contains("comments").And.Message.Contains("no code tokens"));
    }

    [Test]
    public void BuiltInCorpusHasNoCommentWordsAmongItsTokens()
    {
        var tokens = CodeLabeller.Label(CodeCorpus.BuiltIn());
        Assert.That(tokens.Count, Is.EqualTo(7742), "the count `analyze` has always reported for the built-in corpus");
        Assert.That(tokens.Tokens, Does.Not.Contain("Written").And.Not.Contain("licence"));
        Assert.That(tokens.Labels.Distinct().Order(), Is.SupersetOf(new[] { "IDENT", "KEYWORD", "NUMBER", "STRING" }));
    }
}
