// The input baselines of a paper preset without any model (docs/reproduction.md, "Input baselines"): the dataset is
// built exactly as `codeneurons ccfs` builds it from data.corpus (preset, dataset seed 0), the activations are replaced
// by one zero column, and the surface rule and the context-only probe (the CCFS pipeline's default probe) are scored.
// Usage: dotnet run --project samples/InputBaselines -c Release -- PRESET TOKENS.in[,MORE.in] LABELS.label[,MORE.label] [PROBE_SEED]
using System.Diagnostics;
using System.Globalization;
using CodeNeurons.Analysis;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Interpretation;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: InputBaselines PRESET TOKENS.in[,…] LABELS.label[,…] [PROBE_SEED]   (presets: " + string.Join(", ", PaperPresets.Names) + ")");
    return 2;
}
var inputs = args[1].Split(',');
var labelFiles = args[2].Split(',');
int seed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0;
var clock = Stopwatch.StartNew();
var parts = inputs.Select((t, i) => LabeledTokens.FromFiles(t, labelFiles[i], TokenSeparator.Space)).ToArray();
var tokens = parts.Length == 1 ? parts[0] : LabeledTokens.Concat(parts);
var dataset = ProbingDatasetBuilder.Build(tokens, PaperPresets.ByName(args[0]));
var sources = parts.Select(p => ActivationSet.Create(new float[p.Count], p.Count, LayerLayout.Flat(1), p.Tokens)).ToArray();
var data = dataset.WithNeighbours(dataset.ToProbingData(sources), tokens);

var surface = Baselines.SurfaceForm(data);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{args[0]}: rows {data.Train.Rows} / {data.Dev.Rows} / {data.Test?.Rows ?? 0}; surface rule dev {surface.DevScore:P2}, test {surface.TestScore:P2} (other tokens → {data.ClassNames[surface.MajorityClass!.Value]})"));
var probe = new ManagedElasticNetProbe(new CcfsOptions().Probe with { Seed = seed });
var context = Baselines.ContextOnly(probe, data);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{args[0]}: context only (probe seed {seed}, {context.Neurons} features): dev {context.DevScore:P2}, test {context.TestScore:P2}; {clock.Elapsed.TotalSeconds:F1} s"));
return 0;
