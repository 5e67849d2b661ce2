using System.CommandLine;
using System.Globalization;
using CodeNeurons.Formats;
using CodeNeurons.Torch.Interventions;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Cli;

/// <summary><c>codeneurons intervene</c>: ablate, patch or steer neurons inside the forward pass and measure the effect against random neurons (<see cref="InterventionRunner"/>).</summary>
internal static class InterveneCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model", "-m") { Description = "A Hugging Face model folder. Omit for the embedded all-MiniLM-L6-v2 (no head)." };
        var input = new Option<string>("--input", "-i") { Description = ".in (one snippet a line, code tokens separated by spaces) or .jsonl.", Required = true };
        var shared = new InterventionOptions();
        var labels = new Option<string?>("--labels") { Description = "NeuroX .label file (one concept label per code token): accuracy per concept class." };
        var controls = new Option<int>("--controls") { Description = "Random controls: the same intervention on as many random neurons of the same layers.", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Seed of the controls and of the probe trained here.", DefaultValueFactory = _ => 0 };
        var head = new Option<string>("--head") { Description = "auto (the checkpoint's masked-LM / LM head if it has one), none, or lm (required).", DefaultValueFactory = _ => "auto" };
        var probe = new Option<string?>("--probe") { Description = "A probe saved by `probe --save-probe` on every layer's activations (default: one trained here on --probe-layer)." };
        var probeLayer = new Option<int?>("--probe-layer") { Description = "Hidden state of the probe trained here (default: the last)." };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        var dtype = new Option<ModelDType>("--dtype") { Description = "float32, bfloat16 or float16.", DefaultValueFactory = _ => ModelDType.Float32 };
        var batchSize = new Option<int>("--batch-size") { Description = "Snippets per forward pass.", DefaultValueFactory = _ => 16 };
        var output = new Option<string>("--output", "-o") { Description = "Where to write effect.json.", DefaultValueFactory = _ => "effect.json" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors." };
        var command = new Command("intervene", "Ablate, patch or steer neurons inside the forward pass; measure the effect on the head, a probe and later layers against random neurons.")
        {
            model, input, labels, controls, seed, head, probe, probeLayer, device, dtype, batchSize, output, quiet,
        };
        foreach (var o in shared.All) command.Options.Add(o);
        command.SetAction((p, ct) => Task.FromResult(Program.Guard(() =>
        {
            var options = new InterventionRunOptions
            {
                Model = p.GetValue(model), Input = p.GetValue(input)!, Labels = p.GetValue(labels),
                Neurons = InterventionOptions.ParseNeurons(p.GetValue(shared.Neurons) ?? throw new ArgumentException("--neurons is required, e.g. --neurons 0:47,7:717.")),
                Mode = InterventionOptions.ParseMode(p.GetValue(shared.Mode)!), Value = p.GetValue(shared.Value), Direction = InterventionOptions.ParseDirection(p.GetValue(shared.Direction)),
                Reference = p.GetValue(shared.Reference), Positions = InterventionOptions.ParsePositions(p.GetValue(shared.Positions)),
                PatchFrom = p.GetValue(shared.PatchFrom), Alignment = InterventionOptions.ParseAlign(p.GetValue(shared.Align)!), Controls = p.GetValue(controls), Seed = p.GetValue(seed),
                Head = ParseHead(p.GetValue(head)!), Probe = p.GetValue(probe), ProbeLayer = p.GetValue(probeLayer),
                Device = p.GetValue(device)!, DType = p.GetValue(dtype), BatchSize = p.GetValue(batchSize),
            };
            string path = p.GetValue(output)!;
            options.Validate();
            OutputGuard.EnsureNotInput(path, "--output", ("--input", options.Input), ("--labels", options.Labels), ("--patch-from", options.PatchFrom),
                ("--reference", options.Reference), ("--probe", options.Probe), ("--model", options.Model));
            var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
            if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"The output folder '{dir}' does not exist (--output {path}).");
            var effect = InterventionRunner.Run(options, cancellationToken: ct);
            effect.Save(path);
            if (!p.GetValue(quiet))
            {
                Console.WriteLine($"{effect.Mode} on {string.Join(", ", effect.Neurons)}: {effect.Snippets} snippets, {effect.Tokens} token positions, {effect.Controls} random controls.");
                foreach (var m in effect.Measures.Where(m => m.Class is null))
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {m.Measure,-32} {m.Clean,8:F4} → {m.Intervened,8:F4}  effect {m.Effect,8:+0.0000;-0.0000}  random {m.ControlMean:+0.0000;-0.0000} ± {m.ControlSd:F4}"));
                Console.WriteLine($"Wrote {path}.");
            }
            return 0;
        })));
        return command;
    }

    private static EffectHead ParseHead(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => EffectHead.Auto,
        "none" => EffectHead.None,
        "lm" => EffectHead.LanguageModel,
        _ => throw new ArgumentException($"--head: '{text}' is not a head choice; use auto, none or lm."),
    };
}
