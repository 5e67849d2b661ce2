using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Torch.Compact;
using CodeNeurons.Torch.Extraction;

namespace CodeNeurons.Cli;

/// <summary><c>codeneurons compact</c>: a CCFS result → a compact model folder (<see cref="CompactModel.FromCcfs"/>).</summary>
internal static class CompactCommand
{
    public static Command Create()
    {
        var ccfs = new Option<string>("--ccfs") { Description = "The report.json of `codeneurons ccfs` (its best combination; the probe is read from report.probe.json beside it).", Required = true };
        var model = new Option<string?>("--model", "-m") { Description = "The Hugging Face folder the activations were extracted with. Omit for the embedded all-MiniLM-L6-v2." };
        var output = new Option<string>("--output", "-o") { Description = "The compact model folder to write.", Required = true };
        var probe = new Option<string?>("--probe") { Description = "The probe of the best combination, if not report.probe.json." };
        var input = new Option<CompactInput>("--input-kind") { Description = "What the analysis' rows were: tokens (token tagging), snippets or pairs.", DefaultValueFactory = _ => CompactInput.Tokens };
        var layers = new Option<string>("--layers") { Description = "The hidden states the activations were extracted with (extract --layers / extractLayers): all, or e.g. 0,6,12.", DefaultValueFactory = _ => "all" };
        var aggregation = new Option<TokenAggregation>("--aggregation") { Description = "Tokens: first, last or average, as extracted.", DefaultValueFactory = _ => TokenAggregation.Last };
        var maxLength = new Option<int?>("--max-length") { Description = "Subwords per sequence, as extracted (default: the model's limit); with --pair-input joint the tokens per pair input, specials included (analyze's joint default is 256)." };
        var pooling = new Option<SentencePooling?>("--pooling") { Description = "Snippets and pairs: first, last or mean, as extracted (default: the model's choice)." };
        var pair = new Option<PairCombination>("--pair-combination") { Description = "Pairs: concat, concatDifferenceProduct or concatAbsDifferenceProduct, as extracted.", DefaultValueFactory = _ => PairCombination.Concat };
        var pairInput = new Option<PairInput>("--pair-input") { Description = "Pairs: separate (each text encoded alone, --pair-combination per layer) or joint (each pair one input, as `analyze --pair-input joint` read a fine-tuned model), as extracted.", DefaultValueFactory = _ => PairInput.Separate };
        var collapse = new Option<bool>("--collapse-whitespace") { Description = "Snippets and pairs: whitespace runs were collapsed before tokenizing." };
        var command = new Command("compact", "Build the smaller model a CCFS result describes: the encoder cut after the last layer used, the chosen neurons and their probe.")
        {
            ccfs, model, output, probe, input, layers, aggregation, maxLength, pooling, pair, pairInput, collapse,
        };
        command.SetAction((p, _) => Task.FromResult(Program.Guard(() => Run(p.GetValue(ccfs)!, p.GetValue(model), p.GetValue(output)!, p.GetValue(probe),
            new CompactRepresentation
            {
                Input = p.GetValue(input), HiddenStates = ExtractCommand.ParseLayers(p.GetValue(layers)!), Aggregation = p.GetValue(aggregation),
                MaxLength = p.GetValue(maxLength), Pooling = p.GetValue(pooling), PairCombination = p.GetValue(pair), PairInput = p.GetValue(pairInput), CollapseWhitespace = p.GetValue(collapse),
            }))));
        return command;
    }

    private static int Run(string report, string? model, string output, string? probe, CompactRepresentation representation)
    {
        var clock = Stopwatch.StartNew();
        OutputGuard.EnsureNotInput(output, "--output", ("--ccfs", report), ("--model", model), ("--probe", probe));
        using var compact = CompactModel.FromCcfs(report, model, representation, probe);
        compact.Save(output);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {output}: {compact.KeptBlocks} of {compact.SourceLayers} blocks, {compact.Probe.Neurons} neurons, {compact.ClassNames.Count} classes ({representation.Input.ToString().ToLowerInvariant()}) in {clock.Elapsed.TotalSeconds:F1} s."));
        return 0;
    }
}
