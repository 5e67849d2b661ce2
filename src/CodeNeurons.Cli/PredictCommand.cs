using System.CommandLine;
using CodeNeurons.Torch.Compact;

namespace CodeNeurons.Cli;

/// <summary><c>codeneurons predict</c>: a compact model's labels for a file (<see cref="CompactModel.PredictFile"/>).</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "A compact model folder (`codeneurons compact`).", Required = true };
        var input = new Option<string>("--input", "-i") { Description = "Tokens: a .java/.py file, a .in file or .jsonl texts; snippets: a file (one snippet) or .jsonl ({\"text\": …} a line); pairs: .jsonl ({\"first\": …, \"second\": …} a line).", Required = true };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        var command = new Command("predict", "Label code with a compact model: one label per code token, snippet or pair (tab-separated: input index, text, label).")
        {
            model, input, device,
        };
        command.SetAction((p, ct) => Task.FromResult(Program.Guard(() => Run(p.GetValue(model)!, p.GetValue(input)!, p.GetValue(device)!, ct))));
        return command;
    }

    private static int Run(string folder, string input, string device, CancellationToken ct)
    {
        using var compact = CompactModel.Load(folder, device);
        foreach (var p in compact.PredictFile(input, ct))
            Console.WriteLine($"{p.Input}\t{OneLine(p.Text)}\t{p.Label}");
        return 0;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Replace('\t', ' ');
}
