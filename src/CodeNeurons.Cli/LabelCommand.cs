using System.CommandLine;
using CodeNeurons.Concepts;
using CodeNeurons.Lexing;

namespace CodeNeurons.Cli;

/// <summary>The label scheme of <c>codeneurons label</c>.</summary>
internal enum LabelScheme
{
    /// <summary>The paper's labels (Java: as the files of Sharma et al.; Python: tokenize's names with KEYWORD split from NAME).</summary>
    Paper,

    /// <summary>Java only: sensible names, char and hex literals classified.</summary>
    Clean,
}

/// <summary><c>codeneurons label</c>: concept labels of code tokens in NeuroX's parallel-file format (<see cref="CodeLabelFiles"/>).</summary>
internal static class LabelCommand
{
    public static Command Create()
    {
        var language = new Option<CodeLanguage>("--language", "-l") { Description = "java or python.", Required = true };
        var scheme = new Option<LabelScheme>("--scheme") { Description = "paper (the labels of Sharma et al.'s files) or clean (Java only).", DefaultValueFactory = _ => LabelScheme.Paper };
        var input = new Option<string>("--input", "-i") { Description = "The source file (UTF-8).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Output prefix: writes PREFIX.in, PREFIX.label and PREFIX.tokens.jsonl.", Required = true };
        var skipEmpty = new Option<bool>("--skip-empty-lines") { Description = "Leave out input lines without tokens (by default they give empty lines, one output line per input line)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors." };
        var command = new Command("label", "Lex code and label each token with its concept (NUMBER, STRING, KEYWORD, IDENT …); writes NeuroX .in/.label files and tokens.jsonl.")
        {
            language, scheme, input, output, skipEmpty, quiet,
        };
        command.SetAction((parse, ct) => Task.FromResult(Program.Guard(() =>
        {
            string inputPath = parse.GetValue(input)!, prefix = parse.GetValue(output)!;
            var options = new CodeLabelFilesOptions
            {
                Language = parse.GetValue(language),
                JavaScheme = parse.GetValue(scheme) == LabelScheme.Clean ? JavaLabelScheme.Clean : JavaLabelScheme.Paper,
                SkipEmptyLines = parse.GetValue(skipEmpty),
            };
            var result = CodeLabelFiles.Write(inputPath, prefix, options, ct);
            if (!parse.GetValue(quiet))
            {
                foreach (var d in result.Diagnostics.Take(20)) Console.Error.WriteLine($"codeneurons: warning: {inputPath}:{d.Line}:{d.Column}: {d.Message}");
                if (result.Diagnostics.Count > 20) Console.Error.WriteLine($"codeneurons: warning: … and {result.Diagnostics.Count - 20} more problems.");
                var counts = result.LabelCounts.Take(8).Select(c => $"{c.Key} {c.Value}");
                Console.WriteLine($"{result.Lines} lines, {result.Tokens} tokens written to {prefix}.in/.label/.tokens.jsonl ({string.Join(", ", counts)}).");
            }
            return 0;
        })));
        return command;
    }
}
