using System.CommandLine;
using System.Globalization;
using CodeNeurons.Data;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Interventions;

namespace CodeNeurons.Cli;

/// <summary>The intervention options <c>intervene</c> and <c>extract</c> share: which neurons, what to write, where.</summary>
internal sealed class InterventionOptions
{
    public Option<string?> Neurons { get; } = new("--neurons") { Description = "Neurons to intervene on, layer:unit (0 = embeddings), e.g. 0:47,7:717." };

    public Option<string> Mode { get; } = new("--mode") { Description = "zero, constant (--value), mean (over --reference), patch (from --patch-from) or steer (add --value × --direction).", DefaultValueFactory = _ => "zero" };

    public Option<double> Value { get; } = new("--value") { Description = "The constant (--mode constant) or the steering scale (--mode steer).", DefaultValueFactory = _ => 0.0 };

    public Option<string?> Direction { get; } = new("--direction") { Description = "Steering direction, one number per neuron (comma-separated); default 1 each." };

    public Option<string?> Reference { get; } = new("--reference") { Description = "Corpus (.in/.jsonl) the means of --mode mean are taken over; default the input." };

    public Option<string?> Positions { get; } = new("--positions") { Description = "Token positions (subword positions, 0 = the first special token) to intervene at, comma-separated; default every position." };

    public Option<string?> PatchFrom { get; } = new("--patch-from") { Description = "--mode patch: corpus with as many snippets as --input; snippet i patches snippet i." };

    public Option<string> Align { get; } = new("--align") { Description = "position or code-token: how patch-source positions line up.", DefaultValueFactory = _ => "position" };

    public IEnumerable<Option> All => [Neurons, Mode, Value, Direction, Reference, Positions, PatchFrom, Align];

    /// <summary>Attaches the intervention the options describe to <paramref name="source"/> (extract), or returns null without --neurons.</summary>
    public IDisposable? AttachTo(ParseResult p, TransformerActivationSource source, IReadOnlyList<CodeSnippet> corpus, string? input, int batchSize, CancellationToken ct)
    {
        if (p.GetValue(Neurons) is not { } text)
        {
            if (p.GetResult(Mode) is { Implicit: false } || p.GetValue(Reference) is not null || p.GetValue(Direction) is not null || p.GetValue(Positions) is not null
                || p.GetValue(PatchFrom) is not null || p.GetResult(Align) is { Implicit: false })
                throw new ArgumentException("--mode, --reference, --direction, --positions, --patch-from and --align need --neurons.");
            return null;
        }
        var neurons = ParseNeurons(text);
        var positions = ParsePositions(p.GetValue(Positions));
        var mode = ParseMode(p.GetValue(Mode)!);
        var patchFrom = p.GetValue(PatchFrom);
        if (mode == InterventionMode.Patch && patchFrom is null) throw new ArgumentException("--mode patch needs a patch source: --patch-from FILE.");
        if (mode != InterventionMode.Patch && patchFrom is not null) throw new ArgumentException("--patch-from is only used with --mode patch.");
        if (mode == InterventionMode.Patch)
            return source.PatchFrom(neurons, CorpusReader.Read(patchFrom!),
                new ExtractionPatchOptions { Alignment = ParseAlign(p.GetValue(Align)!), Positions = positions, SourceName = patchFrom, InputName = input ?? "(the built-in sample)" });
        NeuronIntervention intervention = mode switch
        {
            InterventionMode.Zero => NeuronIntervention.Zero(neurons, positions),
            InterventionMode.Constant => NeuronIntervention.Constant(neurons, p.GetValue(Value), positions),
            InterventionMode.Mean => NeuronIntervention.Mean(neurons,
                InterventionRunner.ComputeMeans(source, p.GetValue(Reference) is { } r ? CorpusReader.Read(r) : corpus, batchSize, cancellationToken: ct), positions),
            _ => NeuronIntervention.Steer(neurons, ParseDirection(p.GetValue(Direction)), p.GetValue(Value), positions),
        };
        return source.Intervene(intervention);
    }

    public static InterventionMode ParseMode(string text) => text.Trim().ToLowerInvariant() switch
    {
        "zero" => InterventionMode.Zero,
        "constant" => InterventionMode.Constant,
        "mean" => InterventionMode.Mean,
        "patch" => InterventionMode.Patch,
        "steer" => InterventionMode.Steer,
        _ => throw new ArgumentException($"--mode: '{text}' is not a mode; use zero, constant, mean, patch or steer."),
    };

    public static PatchAlignment ParseAlign(string text) => text.Trim().ToLowerInvariant() switch
    {
        "position" => PatchAlignment.Position,
        "code-token" or "codetoken" => PatchAlignment.CodeToken,
        _ => throw new ArgumentException($"--align: '{text}' is not an alignment; use position or code-token."),
    };

    public static float[]? ParseDirection(string? text) => text?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(t => float.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) && float.IsFinite(v)
            ? v : throw new ArgumentException($"--direction: '{t}' is not a finite number.")).ToArray();

    public static TokenPositions? ParsePositions(string? text) => text is null ? null
        : TokenPositions.At(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int p)
                ? p : throw new ArgumentException($"--positions: '{t}' is not a position (a non-negative integer).")).ToArray());

    public static IReadOnlyList<ModelNeuron> ParseNeurons(string text)
    {
        try
        {
            return ModelNeuron.ParseList(text);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException("--neurons: " + ex.Message, ex);
        }
    }
}
