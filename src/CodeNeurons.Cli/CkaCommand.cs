using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CodeNeurons.Analysis;
using CodeNeurons.Formats;

namespace CodeNeurons.Cli;

/// <summary><c>codeneurons cka</c>: linear CKA between every pair of layers.</summary>
internal static class CkaCommand
{
    public static Command Create()
    {
        var activations = new Option<string>("--activations", "-a") { Description = "NeuroX .json/.hdf5 activations or a raw folder.", Required = true };
        var minibatchSize = new Option<int>("--minibatch-size") { DefaultValueFactory = _ => 256, Description = "Tokens per minibatch." };
        var minibatches = new Option<int>("--minibatches") { DefaultValueFactory = _ => 10, Description = "Minibatches averaged." };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 0, Description = "Seed of the minibatch sampling." };
        var biased = new Option<bool>("--biased") { Description = "Biased HSIC per minibatch instead of the unbiased estimator." };
        var full = new Option<bool>("--full") { Description = "Biased linear CKA on all rows at once (no minibatches; for small sets)." };
        var output = new Option<string>("--output", "-o") { DefaultValueFactory = _ => "cka.json", Description = "Where to write the L×L matrix." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors." };
        var command = new Command("cka", "Linear CKA between every pair of layers (minibatch CKA with the unbiased HSIC of Nguyen et al. 2020).")
        {
            activations, minibatchSize, minibatches, seed, biased, full, output, quiet,
        };
        command.SetAction((p, ct) => Task.FromResult(Program.Guard(() =>
        {
            var outputDir = Path.GetDirectoryName(Path.GetFullPath(p.GetValue(output)!))!;
            if (!Directory.Exists(outputDir)) throw new DirectoryNotFoundException($"The output folder '{outputDir}' does not exist (--output {p.GetValue(output)}).");
            OutputGuard.EnsureNotInput(p.GetValue(output)!, "--output", ("--activations", p.GetValue(activations)));
            var acts = ActivationFile.Load(p.GetValue(activations)!);
            var result = p.GetValue(full)
                ? Cka.ComputeFull(acts, ct)
                : Cka.Compute(acts, new CkaOptions { MinibatchSize = p.GetValue(minibatchSize), Minibatches = p.GetValue(minibatches), Seed = p.GetValue(seed), Unbiased = !p.GetValue(biased) }, null, ct);
            AtomicFile.Write(p.GetValue(output)!, (FileStream fs) =>
            {
                using var w = new Utf8JsonWriter(fs);
                w.WriteStartObject();
                w.WriteString("method", result.Method.ToString());
                w.WriteStartArray("layers");
                foreach (int l in result.Layers) w.WriteNumberValue(l);
                w.WriteEndArray();
                w.WriteStartArray("cka");
                for (int i = 0; i < result.Count; i++)
                {
                    w.WriteStartArray();
                    for (int j = 0; j < result.Count; j++) { if (double.IsFinite(result[i, j])) w.WriteNumberValue(result[i, j]); else w.WriteNullValue(); }   // null: undefined (a constant layer)
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            });
            if (!p.GetValue(quiet))
            {
                Console.WriteLine($"{result.Method} CKA over {result.Count} layers ({acts.Rows} tokens):");
                Console.WriteLine("      " + string.Concat(result.Layers.Select(l => $"{l,6}")));
                for (int i = 0; i < result.Count; i++)
                    Console.WriteLine($"{result.Layers[i],6}" + string.Concat(Enumerable.Range(0, result.Count).Select(j => string.Create(CultureInfo.InvariantCulture, $"{result[i, j],6:0.00}"))));
                Console.WriteLine($"Wrote {p.GetValue(output)}.");
            }
            return 0;
        })));
        return command;
    }
}
