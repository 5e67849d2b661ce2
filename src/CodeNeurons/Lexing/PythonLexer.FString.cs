namespace CodeNeurons.Lexing;

public sealed partial class PythonLexer
{
    private static void SplitFString(LexToken token, List<LexToken> output) => output.Add(token);
}
